//! The global allocator: a bump allocator over the heap region [HEAP_START, HEAP_END)
//! that never frees (guests are short-lived; the C SDK's zkvm_alloc does the same).
//! The guest is single-threaded, so a plain cell holds the break.
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

pub struct BumpAllocator {
    next: UnsafeCell<usize>,
}

// SAFETY: a guest runs one thread and no interrupts.
unsafe impl Sync for BumpAllocator {}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let next = &mut *self.next.get();
        let start = (*next + layout.align() - 1) & !(layout.align() - 1);
        if start > crate::HEAP_END || layout.size() > crate::HEAP_END - start {
            return core::ptr::null_mut(); // the alloc error handler panics
        }
        *next = start + layout.size();
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static HEAP: BumpAllocator = BumpAllocator { next: UnsafeCell::new(crate::HEAP_START) };
