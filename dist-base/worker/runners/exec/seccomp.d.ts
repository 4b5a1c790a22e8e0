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
/** The filter for this machine's architecture, or null where there is no table for it. */
export declare function seccompProgram(arch?: string): Buffer | null;
