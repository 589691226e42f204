// PagedFile: the gazetteer index read page by page. Bytes equal the file's wherever a
// range lies (across page boundaries too), only the pages asked for are read, many
// threads may ask at once, and a file that shrinks after opening reads as zeros and says
// so instead of crashing.
#include "geo/paged_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace sitrep::geo {
namespace {

constexpr uint64_t kPage = PagedFile::kPage;

// A temporary file of `size` pseudo-random bytes, removed at the end.
class TempFile {
 public:
  explicit TempFile(uint64_t size) {
    char name[] = "/tmp/sitrep_paged_XXXXXX";
    const int fd = ::mkstemp(name);
    path_ = name;
    std::mt19937_64 rng(size);
    bytes_.resize(size);
    for (auto& b : bytes_) b = static_cast<char>(rng());
    EXPECT_EQ(::write(fd, bytes_.data(), size), static_cast<ssize_t>(size));
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  const std::string& bytes() const { return bytes_; }

  std::unique_ptr<PagedFile> Open() const {
    auto file = PagedFile::Adopt(::open(path_.c_str(), O_RDONLY | O_CLOEXEC), bytes_.size());
    EXPECT_TRUE(file.ok()) << file.status().message();
    return file.ok() ? std::move(*file) : nullptr;
  }

 private:
  std::string path_;
  std::string bytes_;
};

bool Same(const PagedFile& f, const std::string& bytes, uint64_t off, uint64_t len) {
  return std::memcmp(f.At(off, len), bytes.data() + off, len) == 0;
}

TEST(PagedFileTest, ReadsOnlyThePagesAskedFor) {
  TempFile t(10 * kPage + 100);
  auto f = t.Open();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->size(), t.bytes().size());
  EXPECT_EQ(f->loaded_pages(), 0u);
  EXPECT_TRUE(Same(*f, t.bytes(), 5 * kPage + 10, 20));
  EXPECT_EQ(f->loaded_pages(), 1u);
  EXPECT_TRUE(Same(*f, t.bytes(), 5 * kPage, kPage));  // the same page: not read again
  EXPECT_EQ(f->loaded_pages(), 1u);
  // A 48-byte record across the boundary of pages 2 and 3.
  EXPECT_TRUE(Same(*f, t.bytes(), 3 * kPage - 24, 48));
  EXPECT_EQ(f->loaded_pages(), 3u);
  // One read page and two unread ones across a range: the two are read.
  EXPECT_TRUE(Same(*f, t.bytes(), 5 * kPage - 1, 2 * kPage + 2));
  EXPECT_EQ(f->loaded_pages(), 6u);
  // The short last page, and the empty range at the very end.
  EXPECT_TRUE(Same(*f, t.bytes(), t.bytes().size() - 5, 5));
  EXPECT_EQ(f->loaded_pages(), 7u);
  f->At(t.bytes().size(), 0);
  EXPECT_EQ(f->loaded_pages(), 7u);
  EXPECT_TRUE(Same(*f, t.bytes(), 0, t.bytes().size()));
  EXPECT_EQ(f->loaded_pages(), 11u);
  EXPECT_FALSE(f->read_failed());
}

TEST(PagedFileTest, EmptyRangeAtAPageAlignedEnd) {
  TempFile t(4 * kPage);
  auto f = t.Open();
  ASSERT_NE(f, nullptr);
  f->At(4 * kPage, 0);
  EXPECT_EQ(f->loaded_pages(), 0u);
  EXPECT_TRUE(Same(*f, t.bytes(), 4 * kPage - 8, 8));
  EXPECT_TRUE(Same(*f, t.bytes(), 0, 4 * kPage));
  EXPECT_EQ(f->loaded_pages(), 4u);
}

TEST(PagedFileTest, ConcurrentReadersSeeTheFile) {
  TempFile t(64 * kPage + 7);
  auto f = t.Open();
  ASSERT_NE(f, nullptr);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      std::mt19937_64 rng(k);
      for (int i = 0; i < 20000; ++i) {
        const uint64_t len = rng() % 300;
        const uint64_t off = rng() % (t.bytes().size() - len + 1);
        if (!Same(*f, t.bytes(), off, len)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(f->loaded_pages(), 65u);
  EXPECT_FALSE(f->read_failed());
}

TEST(PagedFileTest, FileShrunkAfterOpenReadsZerosAndSaysSo) {
  TempFile t(8 * kPage);
  auto f = t.Open();
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(Same(*f, t.bytes(), 10, 10));
  ASSERT_EQ(::truncate(t.path().c_str(), static_cast<off_t>(kPage + kPage / 2)), 0);
  EXPECT_FALSE(f->read_failed());
  // The page the file still has in part: its first half as it was, the rest zeros.
  EXPECT_TRUE(Same(*f, t.bytes(), kPage, kPage / 2));
  const char* gone = f->At(kPage + kPage / 2, 16);
  EXPECT_TRUE(f->read_failed());
  EXPECT_EQ(std::string(gone, 16), std::string(16, '\0'));
  const char* far = f->At(6 * kPage + 3, 100);
  EXPECT_EQ(std::string(far, 100), std::string(100, '\0'));
}

TEST(PagedFileTest, NeverKeepsTheStandardDescriptors) {
  // A process started with stdin closed opens the index as fd 0: kept there, its bytes
  // would be read as the standard input.
  TempFile t(2 * kPage);
  const int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  ::close(0);
  const int fd = ::open(t.path().c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_EQ(fd, 0);
  auto f = PagedFile::Adopt(fd, t.bytes().size());
  const bool stdin_closed = ::fcntl(0, F_GETFD) < 0;
  ::dup2(saved, 0);
  ::close(saved);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_TRUE(stdin_closed);
  EXPECT_TRUE(Same(**f, t.bytes(), kPage - 3, 6));
  EXPECT_FALSE((*f)->read_failed());
}

TEST(PagedFileTest, BadDescriptorIsAnErrorWhenRead) {
  // Adopt takes any descriptor; one that cannot be read makes reads fail, not crash.
  auto f = PagedFile::Adopt(-1, 3 * kPage);
  ASSERT_TRUE(f.ok()) << f.status().message();
  const char* p = (*f)->At(kPage, 8);
  EXPECT_TRUE((*f)->read_failed());
  EXPECT_EQ(std::string(p, 8), std::string(8, '\0'));
}

}  // namespace
}  // namespace sitrep::geo
