//! Lets a Rust guest run under qemu-riscv32 (Linux user mode), as the C SDK's
//! guests/sdk/hosted.c does: `_start` calls this only when sp is nonzero at entry,
//! which never happens in the zkVM. Maps the input, stack and heap regions at their
//! zkVM addresses and reads stdin into the input region:
//!   qemu-riscv32 guest.elf < input.bin 3> public.bin 4< hints.bin
use crate::{syscall3, HEAP_END, INPUT_ADDR, SYS_EXIT, SYS_READ};

const LINUX_MMAP: u32 = 222; // mmap2 on rv32; the offset is 0 anyway
const PROT_RW: u32 = 3;
const MAP_PRIVATE_ANON_FIXED: u32 = 0x32;
const INPUT_MAX: usize = 0x0800_0000 - 4;

#[no_mangle]
extern "C" fn zkvm_rust_hosted_setup() {
    let (start, size) = (INPUT_ADDR as u32, (HEAP_END - INPUT_ADDR) as u32);
    let mut r = start;
    // SAFETY: Linux's mmap with MAP_FIXED over addresses nothing else uses.
    unsafe {
        core::arch::asm!("ecall", inout("a0") r, in("a1") size, in("a2") PROT_RW, in("a3") MAP_PRIVATE_ANON_FIXED,
            in("a4") -1i32, in("a5") 0, in("a7") LINUX_MMAP);
    }
    if r != start {
        syscall3(SYS_EXIT, 125, 0, 0);
    }
    let mut len = 0usize;
    loop {
        let n = syscall3(SYS_READ, 0, (INPUT_ADDR + 4 + len) as u32, (INPUT_MAX - len) as u32) as i32;
        if n <= 0 {
            break;
        }
        len += n as usize;
    }
    // SAFETY: the input region was just mapped writable.
    unsafe { core::ptr::write_volatile(INPUT_ADDR as *mut u32, len as u32) };
}
