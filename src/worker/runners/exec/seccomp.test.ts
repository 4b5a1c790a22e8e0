import { describe, expect, it } from 'vitest';
import { seccompProgram } from './seccomp.js';

/** Runs a classic BPF seccomp program on one system call, as the kernel would (the subset it uses). */
function verdict(program: Buffer, call: { arch: number; nr: number; args?: number[] }): string {
  const data = Buffer.alloc(64);
  data.writeInt32LE(call.nr, 0);
  data.writeUInt32LE(call.arch, 4);
  (call.args ?? []).forEach((a, i) => data.writeBigUInt64LE(BigInt(a), 16 + 8 * i));
  let acc = 0;
  for (let pc = 0; pc < program.length / 8; pc++) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) acc = data.readUInt32LE(k);
    else if (code === 0x06) {
      if (k === 0x7fff0000) return 'allow';
      if (k === 0x80000000) return 'kill';
      if ((k & 0xffff0000) === 0x00050000) return `errno ${k & 0xffff}`;
      return `ret ${k}`;
    } else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >= k ? jt : jf;
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected instruction ${code}`);
  }
  throw new Error('fell off the end');
}

const X64 = 0xc000003e;
const ARM64 = 0xc00000b7;

describe('the jail seccomp filter', () => {
  const x64 = seccompProgram('x64')!;
  const arm = seccompProgram('arm64')!;

  it('lets ordinary calls through: read, write, openat, execve, plain clone (threads, fork)', () => {
    for (const nr of [0, 1, 257, 59]) expect(verdict(x64, { arch: X64, nr })).toBe('allow');
    expect(verdict(x64, { arch: X64, nr: 56, args: [0x3d0f00] })).toBe('allow'); // pthread_create's flags
    expect(verdict(arm, { arch: ARM64, nr: 63 })).toBe('allow'); // read
  });

  it('refuses namespaces, mounts, keyrings, BPF and io_uring with EPERM', () => {
    for (const nr of [272, 308, 165, 250, 321, 425, 304]) expect(verdict(x64, { arch: X64, nr })).toBe('errno 1');
    expect(verdict(x64, { arch: X64, nr: 56, args: [0x10000000 | 17] })).toBe('errno 1'); // clone(CLONE_NEWUSER)
    expect(verdict(arm, { arch: ARM64, nr: 97 })).toBe('errno 1'); // unshare
    expect(verdict(arm, { arch: ARM64, nr: 220, args: [0x20000000] })).toBe('errno 1'); // clone(CLONE_NEWPID)
  });

  it('answers clone3 with ENOSYS, so C libraries fall back to clone', () => {
    expect(verdict(x64, { arch: X64, nr: 435 })).toBe('errno 38');
  });

  it('refuses faking terminal input, whatever the upper bits of the command', () => {
    expect(verdict(x64, { arch: X64, nr: 16, args: [0, 0x5412] })).toBe('errno 1');
    expect(verdict(x64, { arch: X64, nr: 16, args: [0, 0x1_0000_5412] })).toBe('errno 1');
    expect(verdict(x64, { arch: X64, nr: 16, args: [0, 0x541c] })).toBe('errno 1');
    expect(verdict(x64, { arch: X64, nr: 16, args: [0, 0x5401] })).toBe('allow'); // TCGETS
  });

  it('kills a process that calls through another ABI (32-bit x86, x32)', () => {
    expect(verdict(x64, { arch: 0x40000003, nr: 1 })).toBe('kill');
    expect(verdict(x64, { arch: X64, nr: 0x40000000 | 272 })).toBe('kill');
  });

  it('has no table for other architectures', () => {
    expect(seccompProgram('riscv64')).toBeNull();
  });
});
