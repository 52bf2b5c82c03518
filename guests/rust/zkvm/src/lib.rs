//! Guest SDK of the zkVM for Rust (`no_std`): the same syscall ABI and memory map as
//! the C SDK (guests/README.md). Entry and exit, the panic handler and the allocator
//! live here; input, hints and the public output in `io`, SHA-256 in `sha256`.
//!
//! A guest crate:
//! ```ignore
//! #![no_std]
//! #![no_main]
//! zkvm::entry!(main);
//! fn main() -> i32 { zkvm::commit_u32(zkvm::input_u32()); 0 }
//! ```
#![no_std]

pub mod heap;
mod hosted;
pub mod io;
pub mod sha256;

pub use io::*;

/// Syscall numbers (as Linux's) and file descriptors of the guest ABI.
pub const SYS_READ: u32 = 63;
pub const SYS_WRITE: u32 = 64;
pub const SYS_EXIT: u32 = 93;
pub const FD_STDOUT: u32 = 1;
pub const FD_STDERR: u32 = 2;
pub const FD_PUBLIC: u32 = 3;
pub const FD_HINTS: u32 = 4;

/// Memory map (must match guests/sdk/link.ld and prover/riscv/memory-map.ts).
pub const INPUT_ADDR: usize = 0x2000_0000;
pub const HEAP_START: usize = 0x2900_0000;
pub const HEAP_END: usize = 0x3000_0000;

/// `ecall` with the number in a7 and arguments in a0..a2; returns a0.
#[inline(always)]
pub fn syscall3(n: u32, a0: u32, a1: u32, a2: u32) -> u32 {
    let mut r = a0;
    // SAFETY: the zkVM's syscalls read or write only the buffer they are given.
    unsafe { core::arch::asm!("ecall", inout("a0") r, in("a1") a1, in("a2") a2, in("a7") n) };
    r
}

// Entry: gp and sp as the C SDK's crt0 sets them (guests/sdk/link.ld gives the
// symbols), then the guest's main through the function `entry!` defines. A nonzero
// sp means Linux started us (qemu-riscv32): hosted.rs maps the zkVM's regions first.
core::arch::global_asm!(
    ".section .text.start, \"ax\"",
    ".globl _start",
    "_start:",
    ".option push",
    ".option norelax",
    "la gp, __global_pointer$",
    ".option pop",
    "beqz sp, 1f",
    "call zkvm_rust_hosted_setup",
    "1:",
    "la sp, __stack_top",
    "call zkvm_rust_main",
    "2: j 2b",
);

/// Declares the guest's `fn main() -> i32`: its value is the exit code.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        #[no_mangle]
        pub extern "C" fn zkvm_rust_main() -> ! {
            let f: fn() -> i32 = $main;
            $crate::exit(f())
        }
    };
}

/// Finalises the SHA-256 of the public output and halts: a0 = code, a1 = the address
/// of the 8 digest words (H0..H7, the state words as little-endian u32 values).
pub fn exit(code: i32) -> ! {
    let words = io::finish_public_digest();
    // SAFETY: the exit syscall halts the machine; it reads the 8 words at a1.
    unsafe { core::arch::asm!("ecall", in("a0") code, in("a1") words as u32, in("a7") SYS_EXIT, options(noreturn)) }
}

/// Prints "panic: msg" on fd 2 and exits with code 1, as the C SDK's zkvm_panic.
pub fn panic_msg(msg: &str) -> ! {
    write(FD_STDERR, b"panic: ");
    write(FD_STDERR, msg.as_bytes());
    write(FD_STDERR, b"\n");
    exit(1)
}

#[panic_handler]
fn on_panic(info: &core::panic::PanicInfo) -> ! {
    use core::fmt::Write;
    let mut err = io::Fd(FD_STDERR);
    let _ = write!(err, "panic: {}", info.message());
    if let Some(at) = info.location() {
        let _ = write!(err, " ({}:{})", at.file(), at.line());
    }
    let _ = err.write_str("\n");
    exit(1)
}
