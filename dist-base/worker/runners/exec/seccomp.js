/**
 * The jail's seccomp filter, as the classic BPF program bubblewrap's `--seccomp FD` loads. It is
 * written here instruction by instruction (a few dozen), so nothing is downloaded or compiled:
 * no libseccomp, no build step.
 *
 * What it refuses (EPERM), on top of what the user namespace and the dropped capabilities
 * already deny: new namespaces (unshare, setns, clone with a CLONE_NEW* flag; clone3 answers
 * ENOSYS so C libraries fall back to clone, whose flags can be read), mounting, the kernel
 * keyring, kernel modules and kexec, BPF, perf events, userfaultfd and io_uring (frequent
 * exploit paths), handle-based opens (open_by_handle_at reads files by inode, past the mount
 * namespace), setting the clock, swap, reboot, accounting, quotas, syslog, and faking terminal
 * input (ioctl TIOCSTI/TIOCLINUX). A system call of another architecture (32-bit x86 on x86-64,
 * x32) kills the process: its numbers would slip past this table.
 *
 * Tables exist for x86-64 and arm64; elsewhere the jail runs without a filter (the namespaces,
 * unprivileged user and dropped capabilities still hold) and says so in the worker log.
 */
// struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (little endian here).
const NR = 0;
const ARCH = 4;
const argLow = (i) => 16 + 8 * i;
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const ALLOW = 0x7fff0000;
const KILL_PROCESS = 0x80000000;
const ERRNO = (e) => 0x00050000 | e;
const EPERM = 1;
const ENOSYS = 38;
/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET (CLONE_NEWTIME's bit is the exit signal for clone). */
const CLONE_NEW_MASK = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
// Names in order: mount umount2 pivot_root chroot swapon swapoff reboot acct settimeofday adjtimex
// clock_settime clock_adjtime kexec_load kexec_file_load add_key request_key keyctl unshare setns
// perf_event_open fanotify_init name_to_handle_at open_by_handle_at init_module finit_module
// delete_module bpf userfaultfd lookup_dcookie syslog vhangup quotactl quotactl_fd io_uring_setup
// io_uring_enter io_uring_register open_tree move_mount fsopen fsconfig fsmount fspick mount_setattr
const COMMON_X64 = [165, 166, 155, 161, 167, 168, 169, 163, 164, 159, 227, 305, 246, 320, 248, 249, 250, 272, 308, 298, 300, 303, 304, 175, 313, 176, 321, 323, 212, 103, 153, 179, 443, 425, 426, 427, 428, 429, 430, 431, 432, 433, 442];
const COMMON_ARM64 = [40, 39, 41, 51, 224, 225, 142, 89, 170, 171, 112, 266, 104, 294, 217, 218, 219, 97, 268, 241, 262, 264, 265, 105, 273, 106, 280, 282, 18, 116, 58, 60, 443, 425, 426, 427, 428, 429, 430, 431, 432, 433, 442];
const TABLES = {
    // x86-64 only: iopl ioperm uselib _sysctl create_module get_kernel_syms query_module nfsservctl
    x64: { audit: 0xc000003e, foreignFrom: 0x40000000, clone: 56, clone3: 435, ioctl: 16, denied: [...COMMON_X64, 172, 173, 134, 156, 174, 177, 178, 180] },
    arm64: { audit: 0xc00000b7, foreignFrom: null, clone: 220, clone3: 435, ioctl: 29, denied: COMMON_ARM64 },
};
function insn(code, jt, jf, k) {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(code, 0);
    b.writeUInt8(jt, 2);
    b.writeUInt8(jf, 3);
    b.writeUInt32LE(k >>> 0, 4);
    return b;
}
/** The filter for this machine's architecture, or null where there is no table for it. */
export function seccompProgram(arch = process.arch) {
    const t = TABLES[arch];
    if (!t)
        return null;
    const p = [];
    p.push(insn(LD_W_ABS, 0, 0, ARCH), insn(JEQ_K, 1, 0, t.audit), insn(RET_K, 0, 0, KILL_PROCESS));
    p.push(insn(LD_W_ABS, 0, 0, NR));
    if (t.foreignFrom !== null)
        p.push(insn(JGE_K, 0, 1, t.foreignFrom), insn(RET_K, 0, 0, KILL_PROCESS));
    // One "equal? refuse : next" pair per call keeps every jump short (BPF jumps reach 255).
    for (const nr of t.denied)
        p.push(insn(JEQ_K, 0, 1, nr), insn(RET_K, 0, 0, ERRNO(EPERM)));
    p.push(insn(JEQ_K, 0, 1, t.clone3), insn(RET_K, 0, 0, ERRNO(ENOSYS)));
    // clone: refuse namespace flags (the low 32 bits of its first argument hold them all).
    p.push(insn(JEQ_K, 0, 3, t.clone), insn(LD_W_ABS, 0, 0, argLow(0)), insn(JSET_K, 0, 1, CLONE_NEW_MASK), insn(RET_K, 0, 0, ERRNO(EPERM)));
    // ioctl: the kernel reads its command as 32 bits, so the low word is the whole command.
    p.push(insn(LD_W_ABS, 0, 0, NR));
    p.push(insn(JEQ_K, 0, 4, t.ioctl), insn(LD_W_ABS, 0, 0, argLow(1)), insn(JEQ_K, 1, 0, TIOCSTI), insn(JEQ_K, 0, 1, TIOCLINUX), insn(RET_K, 0, 0, ERRNO(EPERM)));
    p.push(insn(RET_K, 0, 0, ALLOW));
    return Buffer.concat(p);
}
//# sourceMappingURL=seccomp.js.map