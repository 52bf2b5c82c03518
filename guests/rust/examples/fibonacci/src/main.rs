//! fibonacci(n) mod 2^32 in Rust: the same input and public output as the C example
//! (guests/examples/fibonacci): input n (u32 LE); output n, fib(n) (u32 LE each).
//! Keeps the whole sequence in a Vec, to use the allocator.
#![no_std]
#![no_main]
extern crate alloc;
use alloc::vec::Vec;

zkvm::entry!(main);

fn main() -> i32 {
    let n = zkvm::input_u32();
    let mut seq: Vec<u32> = Vec::new();
    seq.push(0);
    seq.push(1);
    for i in 2..=n as usize {
        seq.push(seq[i - 1].wrapping_add(seq[i - 2]));
    }
    let fib = seq[n as usize];
    zkvm::commit_u32(n);
    zkvm::commit_u32(fib);
    zkvm::println!("fib({}) mod 2^32 = {}", n, fib);
    0
}
