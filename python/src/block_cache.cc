// The module's own operator new and delete: glibc's malloc and free behind a cache of small
// blocks per thread. `sitrep extract` links mimalloc; the module cannot (it lives in a
// process whose malloc is glibc's, and blocks cross into libstdc++, simdjson and the
// interpreter), and glibc keeps only 7 freed blocks a size per thread before it goes to its
// slower bins, where the core, which allocates and frees ~160 blocks an article in bursts,
// spends a few per cent of its time.
//
// Safe across shared objects because every block stays an ordinary malloc block: what the
// cache hands out came from malloc (here or anywhere else: it takes the blocks the sized
// delete of any new gives it), and whatever free() receives is one. A block is filed by the
// chunk size glibc gives a request of its size, so any block of a class fits every request
// of the class. The operators are hidden: only the module's own code (the binding and the
// static sitrep libraries linked into it) uses them. Not built under sanitizers, whose own
// new and delete must see every block, and compiled to nothing but on 64-bit glibc, whose
// chunk sizes ChunkOf() knows.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__GLIBC__) && __SIZEOF_POINTER__ == 8

namespace {

constexpr size_t kMaxChunk = 1024;  // blocks up to 1,016 bytes: most of the core's
constexpr size_t kClasses = kMaxChunk / 16 + 1;
constexpr size_t kBytesPerClass = 64 * 1024;  // what a thread may hold per size
constexpr size_t kMaxBlocksPerClass = 256;

// The chunk glibc's malloc makes for a request of n bytes (request2size): requests of the
// same chunk size are served by interchangeable blocks.
constexpr size_t ChunkOf(size_t n) {
  const size_t chunk = (n + sizeof(size_t) + 15) & ~size_t{15};
  return chunk < 32 ? 32 : chunk;
}

constexpr uint16_t CapOf(size_t chunk) {
  const size_t cap = kBytesPerClass / chunk;
  return static_cast<uint16_t>(cap < kMaxBlocksPerClass ? cap : kMaxBlocksPerClass);
}

struct ThreadBlocks {
  void* heads[kClasses] = {};  // each free block holds the next one's address
  uint16_t counts[kClasses] = {};
};

// Each thread's cache is found by the thread pointer (the TCB address, unique among live
// threads, read in one instruction) in a small table, not by a thread_local: in a module
// loaded by dlopen that is a call of _dl_tlsdesc_dynamic or __tls_get_addr at every new and
// delete (0.7 % of the run's instructions). A thread whose slot another thread holds goes
// without a cache. The table is the allocator's own state, as malloc's arenas are glibc's.
struct Slot {
  std::atomic<uintptr_t> owner{0};  // the thread pointer of the thread using the slot
  ThreadBlocks* blocks = nullptr;   // touched by the owner only
};
constexpr size_t kSlotBits = 8;
Slot slots[size_t{1} << kSlotBits];

inline uintptr_t ThisThread() { return reinterpret_cast<uintptr_t>(__builtin_thread_pointer()); }

inline Slot& SlotOf(uintptr_t thread) {
  return slots[(thread * 0x9E3779B97F4A7C15u) >> (64 - kSlotBits)];
}

// The calling thread's cache, or nullptr.
inline ThreadBlocks* CacheOfThisThread() {
  const uintptr_t thread = ThisThread();
  Slot& slot = SlotOf(thread);
  return slot.owner.load(std::memory_order_relaxed) == thread ? slot.blocks : nullptr;
}

// Gives a thread's blocks back to malloc and its slot back to the table when the thread
// ends; frees after that (other thread_local destructors) go straight to free().
struct Retirement {
  bool started = false;
  bool retired = false;
  ~Retirement() {
    retired = true;
    if (!started) return;
    Slot& slot = SlotOf(ThisThread());
    ThreadBlocks* blocks = slot.blocks;
    slot.blocks = nullptr;
    slot.owner.store(0, std::memory_order_release);
    for (void* head : blocks->heads) {
      while (head != nullptr) {
        void* next = *static_cast<void**>(head);
        std::free(head);
        head = next;
      }
    }
    blocks->~ThreadBlocks();
    std::free(blocks);
  }
};

// Makes the calling thread's cache on its first free: nullptr when the thread has none (its
// slot is taken, its exit began, or memory ran out). Each thread tries once.
[[gnu::noinline]] ThreadBlocks* StartCache() {
  thread_local Retirement retirement;  // its destructor runs at the thread's exit
  if (retirement.started || retirement.retired) return nullptr;
  retirement.started = true;
  const uintptr_t thread = ThisThread();
  Slot& slot = SlotOf(thread);
  uintptr_t free_slot = 0;
  if (!slot.owner.compare_exchange_strong(free_slot, thread, std::memory_order_acquire)) {
    retirement.started = false;
    retirement.retired = true;  // no slot: no cache for this thread, and no retrying
    return nullptr;
  }
  void* memory = std::malloc(sizeof(ThreadBlocks));
  if (memory == nullptr) {
    slot.owner.store(0, std::memory_order_release);
    retirement.started = false;
    retirement.retired = true;
    return nullptr;
  }
  slot.blocks = new (memory) ThreadBlocks();
  return slot.blocks;
}

void* Allocate(size_t n) {
  if (n <= kMaxChunk - sizeof(size_t)) {
    if (ThreadBlocks* blocks = CacheOfThisThread()) {
      const size_t c = ChunkOf(n) / 16;
      if (void* block = blocks->heads[c]) {
        blocks->heads[c] = *static_cast<void**>(block);
        --blocks->counts[c];
        return block;
      }
    }
  }
  for (;;) {
    if (void* block = std::malloc(n == 0 ? 1 : n)) return block;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void Release(void* block, size_t n) {
  if (block == nullptr) return;
  if (n <= kMaxChunk - sizeof(size_t)) {
    ThreadBlocks* blocks = CacheOfThisThread();
    if (blocks == nullptr) blocks = StartCache();
    if (blocks != nullptr) {
      const size_t chunk = ChunkOf(n);
      const size_t c = chunk / 16;
      if (blocks->counts[c] < CapOf(chunk)) {
        *static_cast<void**>(block) = blocks->heads[c];
        blocks->heads[c] = block;
        ++blocks->counts[c];
        return;
      }
    }
  }
  std::free(block);
}

}  // namespace

// Not exported (python/CMakeLists.txt exports PyInit__sitrep only).
void* operator new(size_t n) { return Allocate(n); }
void* operator new[](size_t n) { return Allocate(n); }
void operator delete(void* block) noexcept { std::free(block); }  // size unknown
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete(void* block, size_t n) noexcept { Release(block, n); }
void operator delete[](void* block, size_t n) noexcept { Release(block, n); }

#endif  // 64-bit glibc
