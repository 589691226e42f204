// Paths -> Articles: stdin, files and directories. Every file is read through its own
// descriptor with a byte cap, so a FIFO, a device or a file that grows cannot hold the run;
// a directory walk reports every entry it skips and stays inside the tree unless told.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "ingest/ingest.h"
#include "util/text.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

enum class Kind { kText, kHtml, kJsonl, kJson, kOther };

Kind KindOf(const fs::path& p) {
  std::string ext = AsciiLowerCopy(p.extension().string());
  if (ext == ".txt") return Kind::kText;
  if (ext == ".html" || ext == ".htm") return Kind::kHtml;
  if (ext == ".jsonl") return Kind::kJsonl;
  if (ext == ".json") return Kind::kJson;
  return Kind::kOther;
}

constexpr const char* kArticleFiles = ".txt, .html, .htm, .jsonl or .json";

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

const char* FileTypeName(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

std::string Errno(int e) { return std::strerror(e); }

// Reads all of `fd`, but never more than limit + 1 bytes: *over says the input is larger.
Status ReadAllBounded(int fd, size_t limit, const std::string& name, std::string* out, bool* over) {
  ingest::FdSource source(fd);
  out->clear();
  *over = false;
  std::vector<char> chunk(1 << 16);
  for (;;) {
    size_t want = std::min(chunk.size(), limit + 1 - out->size());
    std::ptrdiff_t got = source.Read(chunk.data(), want);
    if (got < 0) return Status::IoError(name + ": read error: " + source.error());
    if (got == 0) return Status::Ok();
    out->append(chunk.data(), static_cast<size_t>(got));
    if (out->size() > limit) {
      *over = true;
      out->clear();
      return Status::Ok();
    }
  }
}

Status OverLimit(const std::string& name, size_t limit, const char* flag) {
  return Status::InvalidInput(name + ": file larger than the limit of " + std::to_string(limit) +
                              " bytes (" + flag + "), skipped");
}

// Reads one file; problems with its content go to the sink. `apply_id`: the caller's id may
// name this article. `in_walk`: found in a directory, so anything but a regular file (a
// FIFO swapped in since the listing) is skipped rather than waited on.
Status ReadFile(const fs::path& p, const ReadOptions& options, const ArticleSink& sink,
                bool apply_id, bool in_walk) {
  const std::string name = p.string();
  auto report = [&](Status s) {
    if (sink.on_error) sink.on_error(std::move(s));
    return Status::Ok();
  };
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | (in_walk ? O_NONBLOCK : 0));
  if (fd < 0) return Status::IoError(name + ": cannot open: " + Errno(errno));
  FileDescriptor guard(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::IoError(name + ": cannot open: " + Errno(errno));
  if (S_ISDIR(st.st_mode)) return Status::IoError(name + ": is a directory");
  if (in_walk) {
    if (!S_ISREG(st.st_mode))
      return report(Status::InvalidInput(name + ": " + FileTypeName(st.st_mode) +
                                         ", not a regular file, skipped"));
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  }
  const Kind kind = KindOf(p);
  if (kind == Kind::kJsonl) {
    ingest::FdSource source(fd);
    return ingest::ReadJsonl(source, name, options, sink);
  }
  const bool document = kind == Kind::kHtml || kind == Kind::kJson;
  const size_t limit = document ? options.max_document_bytes : options.max_bytes;
  std::string data;
  bool over = false;
  SITREP_RETURN_IF_ERROR(ReadAllBounded(fd, limit, name, &data, &over));
  if (over)
    return report(
        OverLimit(name, limit, document ? "--max-document-bytes" : "--max-article-bytes"));
  if (kind == Kind::kJson) {
    ingest::ReadJsonDocument(data, name, options, sink);
    return Status::Ok();
  }
  Result<Article> a =
      kind == Kind::kHtml ? ArticleFromHtml(data, name) : ArticleFromText(std::move(data), name);
  if (!a.ok()) return report(a.status());
  // The page's own date wins; the caller's fills in what the file cannot say.
  if (a->published.empty() && !options.published.empty()) {
    std::string date, why;
    if (!ingest::ParsePublished(options.published, &date, &why))
      return report(
          Status::InvalidInput(name + ": published \"" + options.published + "\": " + why));
    a->published = date;
  }
  ingest::ApplyDefaults(options, &a.value());
  if (a->text.size() > options.max_bytes)
    return report(Status::InvalidInput(
        name + ": article text of " + std::to_string(a->text.size()) +
        " bytes is over the limit of " + std::to_string(options.max_bytes) + " bytes"));
  // A hash of the text, as for JSONL records without an id: file names repeat across folders
  // ("a/report.txt", "b/report.txt"), texts do not, and the same text keeps its id.
  a->id = (apply_id && !options.id.empty()) ? options.id : Hex64(Fnv1a64(a->text));
  if (sink.on_article) sink.on_article(std::move(a).value());
  return Status::Ok();
}

bool IsInside(const fs::path& path, const fs::path& root) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

// Lists the article files under a directory in path order, reporting every entry it skips:
// unreadable folders, dangling links, links out of the tree, FIFOs, sockets, devices.
class DirectoryWalk {
 public:
  DirectoryWalk(const std::string& root, const ReadOptions& options, const ArticleSink& sink)
      : options_(options), sink_(sink) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec) root_ = fs::absolute(root, ec);
  }

  void Run(const fs::path& dir) {
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0) ancestors_.insert({st.st_dev, st.st_ino});
    Visit(dir);
  }

  std::vector<fs::path> files;
  size_t ignored = 0;

 private:
  void Skip(const fs::path& p, const std::string& why) {
    if (sink_.on_error) sink_.on_error(Status::InvalidInput(p.string() + ": " + why));
  }

  void Visit(const fs::path& dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return Skip(dir, "cannot read directory: " + ec.message() + ", skipped");
    std::vector<fs::path> entries;
    for (fs::directory_iterator end; it != end; it.increment(ec)) {
      if (ec) {
        Skip(dir, "cannot read directory: " + ec.message() + ", rest skipped");
        break;
      }
      entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& p : entries) Entry(p);
  }

  void Entry(const fs::path& p) {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) return Skip(p, "cannot read: " + Errno(errno) + ", skipped");
    if (S_ISLNK(st.st_mode)) {
      if (::stat(p.c_str(), &st) != 0) {
        if (errno == ENOENT) return Skip(p, "dangling symbolic link, skipped");
        return Skip(p, "symbolic link cannot be followed: " + Errno(errno) + ", skipped");
      }
      std::error_code ec;
      fs::path target = fs::canonical(p, ec);
      if (S_ISDIR(st.st_mode) && !options_.follow_links)
        return Skip(p, "symbolic link to a directory, not followed (--follow-links follows it)");
      if (!options_.follow_links && (ec || !IsInside(target, root_)))
        return Skip(p, "symbolic link to " + target.string() + ", outside " + root_.string() +
                           ", not followed (--follow-links follows it)");
    }
    if (S_ISDIR(st.st_mode)) {
      std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
      if (!ancestors_.insert(id).second)
        return Skip(p, "directory loop (a link back to a folder above), skipped");
      Visit(p);
      ancestors_.erase(id);
      return;
    }
    if (!S_ISREG(st.st_mode))
      return Skip(p, std::string(FileTypeName(st.st_mode)) + ", not a regular file, skipped");
    if (KindOf(p) == Kind::kOther) {
      ++ignored;
      return;
    }
    files.push_back(p);
  }

  const ReadOptions& options_;
  const ArticleSink& sink_;
  fs::path root_;
  std::set<std::pair<dev_t, ino_t>> ancestors_;
};

}  // namespace

Status ReadPath(const std::string& path, const ReadOptions& options, const ArticleSink& sink) {
  if (path == "-") {
    ingest::FdSource source(STDIN_FILENO);
    return ingest::ReadJsonl(source, "<stdin>", options, sink);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const int e = errno;
    struct stat link;
    if (e == ENOENT && ::lstat(path.c_str(), &link) == 0)
      return Status::NotFound(path + ": dangling symbolic link");
    if (e == ENOENT || e == ENOTDIR) return Status::NotFound(path + ": no such file or directory");
    return Status::IoError(path + ": " + Errno(e));
  }
  if (S_ISDIR(st.st_mode)) {
    DirectoryWalk walk(path, options, sink);
    walk.Run(path);
    if (walk.files.empty()) {
      std::string others =
          walk.ignored > 0 ? "; " + std::to_string(walk.ignored) + " other files ignored" : "";
      return Status::Unsupported(path + ": no " + kArticleFiles + " files in this directory" +
                                 others);
    }
    const bool one_article = walk.files.size() == 1 && KindOf(walk.files[0]) != Kind::kJsonl &&
                             KindOf(walk.files[0]) != Kind::kJson;
    for (const fs::path& f : walk.files) {
      Status s = ReadFile(f, options, sink, one_article, /*in_walk=*/true);
      if (!s.ok() && sink.on_error) sink.on_error(s);
    }
    return Status::Ok();
  }
  if (KindOf(path) == Kind::kOther)
    return Status::Unsupported(path + ": unsupported file type (expected " + kArticleFiles + ")");
  return ReadFile(path, options, sink, /*apply_id=*/true, /*in_walk=*/false);
}

}  // namespace sitrep
