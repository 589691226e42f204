#include "geo/paged_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace sitrep::geo {

Result<std::unique_ptr<PagedFile>> PagedFile::Adopt(int fd, uint64_t size) {
  // Kept open for the life of the gazetteer, a descriptor 0-2 (a process started with
  // stdin closed gets the index as fd 0) would later be read as stdin: move it above.
  if (fd >= 0 && fd <= 2) {
    const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    const int err = errno;
    ::close(fd);
    if (high < 0) {
      return Status::IoError(std::string("cannot keep the gazetteer index open: ") +
                             std::strerror(err));
    }
    fd = high;
  }
  // Whole pages, one more than the file needs: an empty range at the end of the file
  // then has a page (and a bit) of its own. (mmap rounds up to the system's page.)
  const uint64_t region = ((size >> kPageShift) + 1) << kPageShift;
  // Reserved, not committed: only the pages read take memory.
  void* base = ::mmap(nullptr, region, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    const int err = errno;
    ::close(fd);
    return Status::IoError("cannot reserve " + std::to_string(region) +
                           " bytes for the gazetteer index: " + std::strerror(err));
  }
  // A huge page would make one probe cost 2 MiB.
  ::madvise(base, region, MADV_NOHUGEPAGE);
  return std::unique_ptr<PagedFile>(new PagedFile(fd, size, static_cast<char*>(base), region));
}

PagedFile::PagedFile(int fd, uint64_t size, char* base, uint64_t region)
    : fd_(fd), size_(size), base_(base), region_(region) {
  const uint64_t pages = region >> kPageShift;
  bits_ = std::make_unique<std::atomic<uint64_t>[]>((pages + 63) / 64);
  // The page past the end holds no bytes of the file: nothing to read.
  for (uint64_t p = (size + kPage - 1) >> kPageShift; p < pages; ++p)
    bits_[p >> 6].fetch_or(uint64_t{1} << (p & 63), std::memory_order_relaxed);
}

PagedFile::~PagedFile() {
  ::munmap(base_, region_);
  ::close(fd_);
}

const char* PagedFile::Load(uint64_t off, uint64_t len) const {
  const uint64_t end = std::min(off + len, size_);
  const uint64_t first = off >> kPageShift;
  const uint64_t last = end > off ? (end - 1) >> kPageShift : first;
  std::lock_guard<std::mutex> lock(mu_);
  for (uint64_t page = first; page <= last; ++page) {
    if (Loaded(page)) continue;
    // A run of pages not read yet: one read.
    uint64_t stop = page;
    while (stop < last && !Loaded(stop + 1)) ++stop;
    Read(page, stop);
    for (uint64_t p = page; p <= stop; ++p)
      bits_[p >> 6].fetch_or(uint64_t{1} << (p & 63), std::memory_order_release);
    loaded_.fetch_add(stop - page + 1, std::memory_order_relaxed);
    page = stop;
  }
  return base_ + off;
}

void PagedFile::Read(uint64_t first_page, uint64_t last_page) const {
  uint64_t at = first_page << kPageShift;
  const uint64_t to = std::min((last_page + 1) << kPageShift, size_);
  while (at < to) {
    const ssize_t n = ::pread(fd_, base_ + at, to - at, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Past a shrunk file's end, or an I/O error: the rest stays zeros.
      failed_.store(true, std::memory_order_relaxed);
      return;
    }
    at += static_cast<uint64_t>(n);
  }
}

}  // namespace sitrep::geo
