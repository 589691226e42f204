// A read-only file held in anonymous memory and read into it page by page, the first time
// a page is asked for: the gazetteer index, which lookups probe at random. Mapping the file
// would give the same bytes, but on a read fault the kernel maps up to 16 cached pages
// around the faulting one (fault-around, 64 KiB), whatever madvise says, so that a few
// thousand probes kept tens of MB resident. Here a probe costs the pages it reads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "sitrep/status.h"

namespace sitrep::geo {

class PagedFile {
 public:
  // Takes `fd` (open for reading, `size` bytes long): reads from it as pages are asked for
  // and closes it with the PagedFile (or at once when this fails).
  static Result<std::unique_ptr<PagedFile>> Adopt(int fd, uint64_t size);
  ~PagedFile();
  PagedFile(const PagedFile&) = delete;
  PagedFile& operator=(const PagedFile&) = delete;

  uint64_t size() const { return size_; }

  // The unit of reading: 4 KiB whatever the system's page size (a larger page is then
  // read in a few pieces).
  static constexpr unsigned kPageShift = 12;
  static constexpr uint64_t kPage = uint64_t{1} << kPageShift;

  // The bytes [off, off + len), read from the file first where they were not yet.
  // `off + len` must not exceed size(): the callers check offsets read from the file.
  // Safe from any number of threads.
  const char* At(uint64_t off, uint64_t len) const {
    const uint64_t first = off >> kPageShift;
    const uint64_t last = (off + len - (len != 0)) >> kPageShift;
    if (first == last && Loaded(first)) return base_ + off;
    return Load(off, len);
  }
  template <typename T>
  const T* As(uint64_t off, uint64_t count = 1) const {
    return reinterpret_cast<const T*>(At(off, count * sizeof(T)));
  }
  // The T at `off`, a multiple of sizeof(T), which divides the page: it lies in one page.
  template <typename T>
  const T& One(uint64_t off) const {
    static_assert(kPage % sizeof(T) == 0);
    if (!Loaded(off >> kPageShift)) Load(off, sizeof(T));
    return *reinterpret_cast<const T*>(base_ + off);
  }
  // Where byte `off` will be, read or not: for prefetch hints only (a hint at a page not
  // read yet does nothing).
  const char* Peek(uint64_t off) const { return base_ + off; }

  // Pages read so far.
  size_t loaded_pages() const { return loaded_.load(std::memory_order_relaxed); }
  // Whether a read failed (the file shrank or an I/O error): the pages it was to fill read
  // as zeros, which the index reads as empty slots and runs.
  bool read_failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  PagedFile(int fd, uint64_t size, char* base, uint64_t region);
  bool Loaded(uint64_t page) const {
    return (bits_[page >> 6].load(std::memory_order_acquire) >> (page & 63)) & 1;
  }
  const char* Load(uint64_t off, uint64_t len) const;
  void Read(uint64_t first_page, uint64_t last_page) const;

  int fd_;
  uint64_t size_;
  char* base_;
  uint64_t region_;  // bytes reserved: whole pages, and one past the end of the file
  // One bit per page: set (release) once the page holds the file's bytes.
  std::unique_ptr<std::atomic<uint64_t>[]> bits_;
  mutable std::mutex mu_;  // held while reading pages
  mutable std::atomic<size_t> loaded_{0};
  mutable std::atomic<bool> failed_{false};
};

}  // namespace sitrep::geo
