//! Input (committed, in memory at INPUT_ADDR), hints (fd 4, not committed), the
//! public output (fd 3, hashed as it is written) and debug output (fd 1, 2).
use crate::sha256::Sha256;
use crate::*;
use core::cell::UnsafeCell;

struct State {
    input_pos: usize,
    public_hash: Sha256,
    digest: [u32; 8],
}

struct Global(UnsafeCell<State>);
// SAFETY: a guest runs one thread and no interrupts.
unsafe impl Sync for Global {}
static STATE: Global = Global(UnsafeCell::new(State { input_pos: 0, public_hash: Sha256::new(), digest: [0; 8] }));

fn state() -> &'static mut State {
    // SAFETY: single-threaded, and no caller holds the reference across another call.
    unsafe { &mut *STATE.0.get() }
}

/// The committed input, in place.
pub fn input() -> &'static [u8] {
    // SAFETY: the host maps the input region: a u32 length, then that many bytes.
    unsafe {
        let len = core::ptr::read_volatile(INPUT_ADDR as *const u32) as usize;
        core::slice::from_raw_parts((INPUT_ADDR + 4) as *const u8, len)
    }
}

/// Sequential reads from the input; returns the bytes copied (fewer at its end).
pub fn read_input(buf: &mut [u8]) -> usize {
    let s = state();
    let rest = &input()[s.input_pos..];
    let n = buf.len().min(rest.len());
    buf[..n].copy_from_slice(&rest[..n]);
    s.input_pos += n;
    n
}

/// Next 4 input bytes, little-endian; panics ("input too short") at the end.
pub fn input_u32() -> u32 {
    let mut b = [0u8; 4];
    if read_input(&mut b) != 4 {
        panic_msg("input too short");
    }
    u32::from_le_bytes(b)
}

/// Next 8 input bytes, little-endian.
pub fn input_u64() -> u64 {
    input_u32() as u64 | (input_u32() as u64) << 32
}

/// Fills buf from the hint stream until it is full or the stream ends.
pub fn read_hints(buf: &mut [u8]) -> usize {
    let mut got = 0;
    while got < buf.len() {
        let rest = &mut buf[got..];
        let n = syscall3(SYS_READ, FD_HINTS, rest.as_mut_ptr() as u32, rest.len() as u32) as i32;
        if n <= 0 {
            break;
        }
        got += n as usize;
    }
    got
}

pub fn hint_u32() -> u32 {
    let mut b = [0u8; 4];
    if read_hints(&mut b) != 4 {
        panic_msg("hint stream too short");
    }
    u32::from_le_bytes(b)
}

pub fn hint_u64() -> u64 {
    hint_u32() as u64 | (hint_u32() as u64) << 32
}

/// Writes to the public output (fd 3) and adds the bytes to its running SHA-256.
pub fn commit(bytes: &[u8]) {
    state().public_hash.update(bytes);
    syscall3(SYS_WRITE, FD_PUBLIC, bytes.as_ptr() as u32, bytes.len() as u32);
}

pub fn commit_u32(v: u32) {
    commit(&v.to_le_bytes());
}

pub fn commit_u64(v: u64) {
    commit(&v.to_le_bytes());
}

/// Debug output on fd 1 or 2 (not committed); fd 3 goes through `commit`.
pub fn write(fd: u32, bytes: &[u8]) {
    if fd == FD_PUBLIC {
        return commit(bytes);
    }
    syscall3(SYS_WRITE, fd, bytes.as_ptr() as u32, bytes.len() as u32);
}

/// A file descriptor as a `core::fmt::Write` target, for `print!` and `eprint!`.
pub struct Fd(pub u32);

impl core::fmt::Write for Fd {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        write(self.0, s.as_bytes());
        Ok(())
    }
}

#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {{ let _ = core::fmt::Write::write_fmt(&mut $crate::io::Fd($crate::FD_STDOUT), format_args!($($arg)*)); }};
}

#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {{ $crate::print!($($arg)*); $crate::print!("\n"); }};
}

/// Finishes the public output's SHA-256; returns the address of its 8 state words.
pub(crate) fn finish_public_digest() -> *const u32 {
    let s = state();
    s.digest = s.public_hash.finish();
    s.digest.as_ptr()
}
