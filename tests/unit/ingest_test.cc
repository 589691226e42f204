// Ingest stage: .txt, .html, JSONL and directories, and every kind of bad input.
#include "ingest/ingest.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/reader.h"
#include "util/text.h"

namespace sitrep::ingest {
namespace {

namespace fs = std::filesystem;

struct Collected {
  std::vector<Article> articles;
  std::vector<std::string> errors;
  ArticleSink sink() {
    return ArticleSink{[this](Article&& a) { articles.push_back(std::move(a)); },
                       [this](const Status& s) { errors.push_back(s.message()); }};
  }
};

class IngestFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("sitrep_ingest_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path dir_;
};

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

TEST(ParseJsonlLineTest, ReadsAllFields) {
  auto a = ParseJsonlLine(
      R"({"id":"a1","text":"Body text.","title":"T","published":"2019-07-28T10:00:00Z",)"
      R"("publisher":"P","url":"https://x","lang":"en","extra":1})",
      "in.jsonl:1");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->id, "a1");
  EXPECT_EQ(a->text, "Body text.");
  EXPECT_EQ(a->title, "T");
  EXPECT_EQ(a->published, "2019-07-28");
  EXPECT_EQ(a->publisher, "P");
  EXPECT_EQ(a->url, "https://x");
  EXPECT_EQ(a->lang, "en");
  EXPECT_EQ(a->origin, "in.jsonl:1");
}

TEST(ParseJsonlLineTest, Errors) {
  auto msg = [](std::string_view line) {
    auto a = ParseJsonlLine(line, "f.jsonl:3");
    return a.ok() ? std::string("ok") : a.status().message();
  };
  EXPECT_EQ(msg(R"({"id":"x"})"), "f.jsonl:3 (id \"x\"): missing required field \"text\"");
  EXPECT_EQ(msg(R"({"text":5})"), "f.jsonl:3: field \"text\" must be a string, got number");
  EXPECT_EQ(msg(R"({"text":"a","title":["x"]})"),
            "f.jsonl:3: field \"title\" must be a string, got array");
  EXPECT_EQ(msg(R"({"text":"  "})"), "f.jsonl:3: field \"text\" is empty");
  EXPECT_EQ(msg(R"({"text":"a")"),
            "f.jsonl:3: malformed JSON at byte 11: syntax error while parsing object - "
            "unexpected end of input; expected '}'");
  // The id of a broken record, when it shows, names it; the broken bytes are not repeated.
  EXPECT_EQ(msg(R"({"id": "a-17", "text": "unterminated)"),
            "f.jsonl:3 (id \"a-17\"): malformed JSON at byte 36: syntax error while parsing "
            "value - invalid string: missing closing quote");
  EXPECT_EQ(msg(R"([1,2])"), "f.jsonl:3: expected a JSON object, got array");
  EXPECT_EQ(msg(""), "f.jsonl:3: empty line");
  EXPECT_EQ(msg("{\"text\":\"a\xff\"}"), "f.jsonl:3: invalid UTF-8 at byte offset 10 of the line");
  EXPECT_EQ(msg(R"({"text":"a","published":"2019-02-30"})"),
            "f.jsonl:3: field \"published\" is \"2019-02-30\": no such day in the calendar "
            "(years start at 0001)");
  EXPECT_NE(msg(R"({"text":"a","published":"July 28, 2019"})"), "ok");
  EXPECT_NE(msg(R"({"text":"a","published":"2019-13-01"})"), "ok");
  EXPECT_NE(msg(R"({"text":"a","published":"2019-07-28Tnoon"})"), "ok");
  EXPECT_EQ(msg(R"({"text":"a","published":"2020-02-29 08:15"})"), "ok");
  EXPECT_EQ(msg(R"({"text":"a","title":null})"), "ok");
}

TEST(ArticleFromTextTest, TitleIsFirstNonEmptyLine) {
  auto a = ArticleFromText("\n\n  Headline here  \n\nBody.\n", "x.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "Headline here");
  EXPECT_EQ(a->text, "\n\n  Headline here  \n\nBody.\n");
}

TEST(ArticleFromTextTest, BadContent) {
  EXPECT_EQ(ArticleFromText("", "x.txt").status().message(), "x.txt: empty file");
  EXPECT_EQ(ArticleFromText(" \n\t\n", "x.txt").status().message(), "x.txt: empty file");
  EXPECT_EQ(ArticleFromText(std::string("ab\0cd", 5), "x.txt").status().message(),
            "x.txt: binary data (NUL byte at offset 2), not a text file");
  EXPECT_EQ(ArticleFromText("abc\xc3(", "x.txt").status().message(),
            "x.txt: invalid UTF-8 at byte offset 3");
}

TEST(ArticleFromHtmlTest, ExtractsBodyTitleAndDate) {
  std::string html = R"(<!doctype html><html><head><title>Site | Story</title>
<meta property="article:published_time" content="2021-05-03T08:00:00+00:00">
<script>var x = "not text";</script><style>p{color:red}</style></head>
<body><header><nav>Home News</nav></header>
<article><h1>Clashes in the <b>north</b></h1>
<p>Fighting broke out on Monday.</p><p>Two people   were
hurt.<br>Officials said so.</p><aside>Read more stories</aside>
<form><p>Subscribe</p><input name=q></form><div>Last <i>paragraph</i> here.</div></article>
<footer>Copyright</footer></body></html>)";
  auto a = ArticleFromHtml(html, "s.html");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->title, "Clashes in the north");
  EXPECT_EQ(a->published, "2021-05-03");
  EXPECT_EQ(a->text,
            "Clashes in the north\n\nFighting broke out on Monday.\n\nTwo people were hurt.\n"
            "Officials said so.\n\nLast paragraph here.");
}

TEST(ArticleFromHtmlTest, TitleFallbackAndMetaVariants) {
  auto a = ArticleFromHtml(
      "<html><head><title>Only title</title><meta itemprop=\"datePublished\" "
      "content=\"2020-01-02\"></head><body><p>Text.</p></body></html>",
      "t.html");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "Only title");
  EXPECT_EQ(a->published, "2020-01-02");
  EXPECT_EQ(a->text, "Only title\n\nText.");
  auto b = ArticleFromHtml("<meta name=\"date\" content=\"bogus\"><p>Hi.</p>", "b.html");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->published, "");
}

TEST(ArticleFromHtmlTest, BadContent) {
  EXPECT_FALSE(ArticleFromHtml("", "e.html").ok());
  EXPECT_EQ(ArticleFromHtml("<script>only()</script>", "e.html").status().message(),
            "e.html: no article text found in HTML");
  EXPECT_FALSE(ArticleFromHtml("<p>\xff</p>", "e.html").ok());
  // Hostile nesting is refused up front (the parser's memory is quadratic in depth).
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "deep text";
  EXPECT_EQ(ArticleFromHtml(deep, "deep.html").status().message(),
            "deep.html: HTML elements nested deeper than 1000 levels");
  // Many unclosed <p> and void tags are flat, not deep.
  std::string flat;
  for (int i = 0; i < 5000; ++i) flat += "<p>Line " + std::to_string(i) + "<br><img src=x>";
  auto f = ArticleFromHtml(flat, "flat.html");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_TRUE(f->text.starts_with("Line 0\n\nLine 1"));
}

TEST(ReadJsonlStreamTest, ReportsBadLinesAndContinues) {
  std::istringstream in(
      "{\"id\":\"1\",\"text\":\"One.\"}\n"
      "\n"
      "{\"id\":\"2\"}\n"
      "not json\r\n"
      "{\"id\":\"3\",\"text\":\"Three.\",\"published\":\"2019-07-28\"}\r\n");
  Collected c;
  ReadOptions opts;
  opts.publisher = "Default Outlet";
  opts.published = "2000-01-01";
  ASSERT_TRUE(ReadJsonlStream(in, "<stdin>", opts, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "1");
  EXPECT_EQ(c.articles[0].publisher, "Default Outlet");
  EXPECT_EQ(c.articles[0].published, "2000-01-01");
  EXPECT_EQ(c.articles[1].published, "2019-07-28");
  EXPECT_EQ(c.articles[1].origin, "<stdin>:5");
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_EQ(c.errors[0], "<stdin>:3 (id \"2\"): missing required field \"text\"");
  EXPECT_EQ(c.errors[1],
            "<stdin>:4: malformed JSON at byte 1: syntax error while parsing value - invalid "
            "literal");
}

TEST(ReadJsonlStreamTest, OversizedRecordIsSkippedNotLoaded) {
  std::string big = "{\"text\":\"" + std::string(50u << 20, 'a') + "\"}\n{\"text\":\"ok\"}\n";
  std::istringstream in(std::move(big));
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 1 << 20;
  ASSERT_TRUE(ReadJsonlStream(in, "big.jsonl", opts, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].text, "ok");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0],
            "big.jsonl:1: record longer than the limit of 1048576 bytes (--max-article-bytes), "
            "skipped");
}

TEST(ReadJsonlStreamTest, EmptyStream) {
  std::istringstream in("");
  Collected c;
  EXPECT_TRUE(ReadJsonlStream(in, "e.jsonl", {}, c.sink()).ok());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0], "e.jsonl: empty input (no JSON lines)");
}

TEST_F(IngestFiles, NonexistentPathFails) {
  Collected c;
  Status s = ReadPath((dir_ / "nope.txt").string(), {}, c.sink());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(s.message(), "nope.txt: no such file or directory"));
}

TEST_F(IngestFiles, UnsupportedExtensionFails) {
  Collected c;
  Status s = ReadPath(Write("data.pdf", "x"), {}, c.sink());
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
}

TEST_F(IngestFiles, TextFileIdIsTextHashUnlessGiven) {
  Collected c;
  ReadOptions opts;
  opts.published = "2019-07-28";
  opts.publisher = "Outlet";
  ASSERT_TRUE(ReadPath(Write("story-1.txt", "Head\n\nBody.\n"), opts, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, Hex64(Fnv1a64("Head\n\nBody.\n")));
  EXPECT_EQ(c.articles[0].published, "2019-07-28");
  EXPECT_EQ(c.articles[0].publisher, "Outlet");
  opts.id = "given";
  ASSERT_TRUE(ReadPath(Write("story-2.txt", "Head\n"), opts, c.sink()).ok());
  EXPECT_EQ(c.articles[1].id, "given");
  opts.published = "28/07/2019";
  ASSERT_TRUE(ReadPath(Write("story-3.txt", "Head\n"), opts, c.sink()).ok());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(Contains(c.errors[0], "story-3.txt: published \"28/07/2019\""));
}

// Two folders' "report.txt" are two articles; the same text read twice is one.
TEST_F(IngestFiles, SameFileNameInTwoFoldersGivesTwoIds) {
  Collected c;
  ASSERT_TRUE(ReadPath(Write("a/report.txt", "Shelling hit the town."), {}, c.sink()).ok());
  ASSERT_TRUE(ReadPath(Write("b/report.txt", "Protesters marched."), {}, c.sink()).ok());
  ASSERT_TRUE(ReadPath(Write("c/copy.txt", "Protesters marched."), {}, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_NE(c.articles[0].id, c.articles[1].id);
  EXPECT_EQ(c.articles[1].id, c.articles[2].id);
}

TEST_F(IngestFiles, BadFilesReportedNotFatal) {
  Write("d/a_empty.txt", "");
  Write("d/b_binary.txt", std::string("\x7f"
                                      "ELF\0\0\0",
                                      7));
  Write("d/c_badutf8.txt", "caf\xe9\n");
  Write("d/d_good.txt", "Good headline\n\nGood body.");
  Write("d/e_skip.pdf", "ignored");
  Write("d/sub/f.jsonl", "{\"id\":\"j1\",\"text\":\"From JSONL.\"}\n{\"text\":1}\n");
  Write("d/sub/g.html", "<h1>Html head</h1><p>Html body.</p>");
  Collected c;
  ASSERT_TRUE(ReadPath((dir_ / "d").string(), {}, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[0].id, Hex64(Fnv1a64("Good headline\n\nGood body.")));
  EXPECT_EQ(c.articles[1].id, "j1");
  EXPECT_EQ(c.articles[2].id, Hex64(Fnv1a64(c.articles[2].text)));
  EXPECT_EQ(c.articles[2].title, "Html head");
  ASSERT_EQ(c.errors.size(), 4u);
  EXPECT_TRUE(Contains(c.errors[0], "a_empty.txt: empty file"));
  EXPECT_TRUE(Contains(c.errors[1], "b_binary.txt: binary data (NUL byte at offset 4)"));
  EXPECT_TRUE(Contains(c.errors[2], "c_badutf8.txt: invalid UTF-8 at byte offset 3"));
  EXPECT_TRUE(Contains(c.errors[3], "f.jsonl:2: field \"text\" must be a string"));
}

TEST_F(IngestFiles, OversizedTextFileRejected) {
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 10;
  ASSERT_TRUE(ReadPath(Write("big.txt", std::string(100, 'x')), opts, c.sink()).ok());
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0],
            (dir_ / "big.txt").string() +
                ": file larger than the limit of 10 bytes (--max-article-bytes), skipped");
}

TEST_F(IngestFiles, HugeSingleLineJsonlDoesNotHang) {
  std::string path = Write("huge.jsonl", std::string(50u << 20, '{'));
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 1 << 20;
  ASSERT_TRUE(ReadPath(path, opts, c.sink()).ok());
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(Contains(c.errors[0], "huge.jsonl:1: record longer than the limit of 1048576"));
}

TEST(IngestSharedTest, ReadsDevSetAndFixture) {
  Collected c;
  ASSERT_TRUE(ReadPath(SITREP_SHARED_DIR "/devset/articles.jsonl", {}, c.sink()).ok());
  EXPECT_TRUE(c.errors.empty()) << c.errors[0];
  EXPECT_EQ(c.articles.size(), 20u);
  Collected d;
  ASSERT_TRUE(ReadPath(SITREP_SHARED_DIR "/devset/articles", {}, d.sink()).ok());
  ASSERT_EQ(d.articles.size(), 20u);
  EXPECT_EQ(d.articles[0].id, Hex64(Fnv1a64(d.articles[0].text)));
  EXPECT_EQ(d.articles[0].title,
            "Syrian government shelling kills 13 civilians in Idlib \u2013 monitor");
  Collected f;
  ASSERT_TRUE(ReadPath(SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.article.jsonl", {},
                       f.sink())
                  .ok());
  ASSERT_EQ(f.articles.size(), 1u);
  EXPECT_EQ(f.articles[0].published, "2019-07-28");
  EXPECT_EQ(f.articles[0].publisher, "Enab Baladi");
}

// ---- Hostile and broken inputs (issue 15) ------------------------------------------------

TEST(PublishedTest, DatesAndTimesMustExist) {
  auto check = [](std::string_view v) {
    auto r = NormalizePublished(v);
    return r.ok() ? *r : "error: " + r.status().message();
  };
  EXPECT_EQ(check("2020-01-01"), "2020-01-01");
  EXPECT_EQ(check("2020-01-01T10:00:00Z"), "2020-01-01");
  EXPECT_EQ(check("2020-01-01T23:59:60.25+03:00"), "2020-01-01");
  EXPECT_EQ(check("2020-01-01 08:15"), "2020-01-01");
  EXPECT_EQ(check("2020-01-01T08:15-0500"), "2020-01-01");
  EXPECT_EQ(check("2020-01-01T25:99:00Z"),
            "error: \"2020-01-01T25:99:00Z\": no such time of day (25:99)");
  EXPECT_EQ(check("2020-01-01T10:60Z"),
            "error: \"2020-01-01T10:60Z\": no such time of day (10:60)");
  EXPECT_EQ(check("0000-01-01"),
            "error: \"0000-01-01\": no such day in the calendar (years start at 0001)");
  EXPECT_TRUE(check("2020-01-01T10:00:00Zjunk").starts_with("error: "));
  EXPECT_TRUE(check("2020-01-01T10:00+25:00").starts_with("error: "));
  EXPECT_TRUE(check("2020-01-01T10:00:00.").starts_with("error: "));
  EXPECT_TRUE(check("2020-01-01T1").starts_with("error: "));
}

TEST(MetadataTest, ControlCharactersNeverReachAField) {
  auto a = ParseJsonlLine(
      "{\"text\":\"Body.\",\"publisher\":\"\\u001b]0;owned\\u0007Evil\\nWire\\u009b \","
      "\"title\":\"\\u001b[31mRed\\tTitle\"}",
      "m.jsonl:1");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->publisher, "]0;owned Evil Wire");
  EXPECT_EQ(a->title, "[31mRed Title");
  EXPECT_EQ(a->text, "Body.");  // the text is the article as published: evidence offsets
}

// A source whose every read fails, like a closed descriptor.
class FailingSource : public ByteSource {
 public:
  std::ptrdiff_t Read(char*, size_t) override { return -1; }
  std::string error() const override { return "Bad file descriptor"; }
};

// An endless source of one byte value, like /dev/zero.
class EndlessSource : public ByteSource {
 public:
  explicit EndlessSource(char byte) : byte_(byte) {}
  std::ptrdiff_t Read(char* buf, size_t n) override {
    std::memset(buf, byte_, n);
    served_ += n;
    return static_cast<std::ptrdiff_t>(n);
  }
  std::string error() const override { return ""; }
  size_t served_ = 0;

 private:
  char byte_;
};

TEST(ReadJsonlTest, ClosedInputIsAReadError) {
  FailingSource failing;
  Collected c;
  Status s = ReadJsonl(failing, "<stdin>", {}, c.sink());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "<stdin>: read error: Bad file descriptor");
  // A real closed descriptor, through the file-descriptor source.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  ::close(fds[1]);
  FdSource closed(fds[0]);
  Status t = ReadJsonl(closed, "<stdin>", {}, c.sink());
  EXPECT_EQ(t.message(), "<stdin>: read error: Bad file descriptor");
}

TEST(ReadJsonlTest, StreamThatThrowsIsAReadError) {
  // libstdc++'s filebuf throws from underflow() when read(2) fails.
  struct ThrowingBuf : std::streambuf {
    int_type underflow() override { throw std::ios_base::failure("underflow error"); }
  } buf;
  std::istream in(&buf);
  Collected c;
  Status s = ReadJsonlStream(in, "<stdin>", {}, c.sink());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_TRUE(Contains(s.message(), "<stdin>: read error: underflow error")) << s.message();
}

TEST(ReadJsonlTest, EndlessBinaryInputStopsAtTheLimit) {
  EndlessSource zeros('\0');
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 1 << 20;
  ASSERT_TRUE(ReadJsonl(zeros, "/dev/zero", opts, c.sink()).ok());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0],
            "/dev/zero:1: binary data (NUL bytes) and no line end within 1048576 bytes; the "
            "rest of /dev/zero is not read");
  EXPECT_LE(zeros.served_, (1u << 20) + (1u << 16));  // read one limit and one buffer, no more
}

TEST(ReadJsonlTest, LongLineIsReportedWithoutBeingHeld) {
  // A 20 MiB text line between two good records, under a 1 MiB limit.
  std::string input = "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"big\",\"text\":\"" +
                      std::string(20u << 20, 'x') + "\"}\n{\"id\":\"c\",\"text\":\"Three.\"}\n";
  MemorySource source(input);
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 1 << 20;
  ASSERT_TRUE(ReadJsonl(source, "feed.jsonl", opts, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].id, "c");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0],
            "feed.jsonl:2 (id \"big\"): record longer than the limit of 1048576 bytes "
            "(--max-article-bytes), skipped");
  // The reader keeps at most the limit of one line.
  MemorySource again(input);
  LineReader reader(again);
  std::string line;
  ASSERT_EQ(reader.Next(opts.max_bytes, &line), LineReader::Got::kLine);
  ASSERT_EQ(reader.Next(opts.max_bytes, &line), LineReader::Got::kTooLong);
  EXPECT_EQ(line.size(), opts.max_bytes);
}

// A byte-order mark and nothing else (found by fuzz_jsonl): an empty file, said so.
TEST_F(IngestFiles, JsonDocumentOfOnlyAByteOrderMarkIsEmpty) {
  for (const std::string body : {std::string("\xEF\xBB\xBF"), std::string("\xEF\xBB\xBF \n")}) {
    Collected c;
    ASSERT_TRUE(ReadPath(Write("bom.json", body), {}, c.sink()).ok());
    EXPECT_TRUE(c.articles.empty());
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_EQ(c.errors[0], (dir_ / "bom.json").string() + ": empty file");
  }
}

TEST_F(IngestFiles, JsonDocumentsAreReadWhole) {
  Collected c;
  ASSERT_TRUE(ReadPath(Write("one.json", "{\n  \"id\": \"p1\",\n  \"text\": \"Pretty.\"\n}\n"), {},
                       c.sink())
                  .ok());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "p1");
  EXPECT_TRUE(c.errors.empty());
  ASSERT_TRUE(ReadPath(Write("many.json",
                             "[\n {\"id\": \"a\", \"text\": \"A.\"},\n 7,\n"
                             " {\"id\": \"c\", \"text\": \"C.\"}\n]\n"),
                       {}, c.sink())
                  .ok());
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[2].id, "c");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0], (dir_ / "many.json").string() + "[1]: expected a JSON object, got number");
  // JSONL that happens to be called .json.
  ASSERT_TRUE(ReadPath(Write("lines.json",
                             "{\"id\":\"l1\",\"text\":\"L.\"}\n{\"id\":\"l2\",\"text\":"
                             "\"M.\"}\n"),
                       {}, c.sink())
                  .ok());
  EXPECT_EQ(c.articles.size(), 5u);
  // A broken pretty-printed file is one error, not one per line.
  ASSERT_TRUE(
      ReadPath(Write("broken.json", "{\n  \"id\": \"b\",\n  \"text\": \"x\",\n\n"), {}, c.sink())
          .ok());
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_TRUE(Contains(c.errors[1], "broken.json: malformed JSON at byte")) << c.errors[1];
}

TEST_F(IngestFiles, HtmlOwnDateWinsOverTheCallers) {
  ReadOptions opts;
  opts.published = "2000-01-01";
  Collected c;
  Write("dated.html",
        "<meta property=\"article:published_time\" content=\"2021-05-03T08:00:00Z\"><p>Body.</p>");
  Write("undated.html", "<p>Body.</p>");
  ASSERT_TRUE(ReadPath((dir_ / "dated.html").string(), opts, c.sink()).ok());
  ASSERT_TRUE(ReadPath((dir_ / "undated.html").string(), opts, c.sink()).ok());
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].published, "2021-05-03");
  EXPECT_EQ(c.articles[1].published, "2000-01-01");
}

TEST_F(IngestFiles, DirectoryWalkReportsEverySkip) {
  Write("tree/a.txt", "Story A");
  Write("tree/sub/b.txt", "Story B");
  Write("outside/secret.txt", "Not part of the tree");
  fs::create_symlink(dir_ / "outside" / "secret.txt", dir_ / "tree" / "c_out.txt");
  fs::create_symlink(dir_ / "tree" / "a.txt", dir_ / "tree" / "d_in.txt");
  fs::create_symlink(dir_ / "tree" / "missing.txt", dir_ / "tree" / "e_dangling.txt");
  fs::create_directory_symlink(dir_ / "outside", dir_ / "tree" / "f_dirlink");
  ASSERT_EQ(::mkfifo((dir_ / "tree" / "g_fifo.jsonl").c_str(), 0600), 0);
  Collected c;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(ReadPath((dir_ / "tree").string(), {}, c.sink()).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));  // no FIFO wait
  // Articles from files are named by a hash of their text; their titles say which file.
  std::vector<std::string> titles;
  for (const Article& a : c.articles) titles.push_back(a.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Story A", "Story A", "Story B"}));  // d_in = a
  ASSERT_EQ(c.errors.size(), 4u);
  const std::string tree = (dir_ / "tree").string();
  EXPECT_TRUE(c.errors[0].starts_with(tree + "/c_out.txt: symbolic link to ")) << c.errors[0];
  EXPECT_TRUE(Contains(c.errors[0], "not followed (--follow-links follows it)"));
  EXPECT_EQ(c.errors[1], tree + "/e_dangling.txt: dangling symbolic link, skipped");
  EXPECT_EQ(c.errors[2], tree +
                             "/f_dirlink: symbolic link to a directory, not followed "
                             "(--follow-links follows it)");
  EXPECT_EQ(c.errors[3], tree + "/g_fifo.jsonl: a FIFO, not a regular file, skipped");

  // --follow-links: out of the tree and into linked folders, but never round a loop.
  fs::create_directory_symlink(dir_ / "tree", dir_ / "tree" / "sub" / "h_loop");
  ReadOptions follow;
  follow.follow_links = true;
  Collected f;
  ASSERT_TRUE(ReadPath(tree, follow, f.sink()).ok());
  titles.clear();
  for (const Article& a : f.articles) titles.push_back(a.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Story A", "Not part of the tree", "Story A",
                                              "Not part of the tree", "Story B"}));
  ASSERT_EQ(f.errors.size(), 3u);
  EXPECT_TRUE(Contains(f.errors[2], "h_loop: directory loop")) << f.errors[2];
}

TEST_F(IngestFiles, UnreadableFolderIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every folder";
  Write("tree/a.txt", "Story A");
  Write("tree/locked/b.txt", "Story B");
  fs::permissions(dir_ / "tree" / "locked", fs::perms::none);
  Collected c;
  ASSERT_TRUE(ReadPath((dir_ / "tree").string(), {}, c.sink()).ok());
  fs::permissions(dir_ / "tree" / "locked", fs::perms::owner_all);
  ASSERT_EQ(c.articles.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(Contains(c.errors[0], "locked: cannot read directory: Permission denied"));
}

TEST_F(IngestFiles, EmptyDirectoryIsUnusable) {
  fs::create_directories(dir_ / "empty");
  Collected c;
  Status s = ReadPath((dir_ / "empty").string(), {}, c.sink());
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_EQ(s.message(), (dir_ / "empty").string() +
                             ": no .txt, .html, .htm, .jsonl or .json files in this directory");
  Write("pdfs/a.pdf", "x");
  s = ReadPath((dir_ / "pdfs").string(), {}, c.sink());
  EXPECT_TRUE(Contains(s.message(), "in this directory; 1 other files ignored")) << s.message();
}

TEST_F(IngestFiles, SpecialFileNamedDirectlyIsRead) {
  // A FIFO named on the command line is read (process substitution, named pipes).
  std::string fifo = (dir_ / "feed.jsonl").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    int fd = ::open(fifo.c_str(), O_WRONLY);
    std::string line = "{\"id\":\"p\",\"text\":\"Piped.\"}\n";
    (void)!::write(fd, line.data(), line.size());
    ::close(fd);
  });
  Collected c;
  Status s = ReadPath(fifo, {}, c.sink());
  writer.join();
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "p");
}

}  // namespace
}  // namespace sitrep::ingest
