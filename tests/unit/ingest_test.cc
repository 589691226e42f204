// Ingest stage: .txt, .html, JSONL and directories, and every kind of bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
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
  EXPECT_EQ(msg(R"({"id":"x"})"), "f.jsonl:3: missing required field \"text\"");
  EXPECT_EQ(msg(R"({"text":5})"), "f.jsonl:3: field \"text\" must be a string, got number");
  EXPECT_EQ(msg(R"({"text":"a","title":["x"]})"),
            "f.jsonl:3: field \"title\" must be a string, got array");
  EXPECT_EQ(msg(R"({"text":"  "})"), "f.jsonl:3: field \"text\" is empty");
  EXPECT_EQ(msg(R"({"text":"a")"), "f.jsonl:3: malformed JSON");
  EXPECT_EQ(msg(R"([1,2])"), "f.jsonl:3: expected a JSON object, got array");
  EXPECT_EQ(msg(""), "f.jsonl:3: empty line");
  EXPECT_EQ(msg("{\"text\":\"a\xff\"}"), "f.jsonl:3: invalid UTF-8 at byte offset 10 of the line");
  EXPECT_EQ(msg(R"({"text":"a","published":"2019-02-30"})"),
            "f.jsonl:3: field \"published\" is \"2019-02-30\", expected YYYY-MM-DD or an ISO "
            "datetime");
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
  EXPECT_EQ(c.errors[0], "<stdin>:3: missing required field \"text\"");
  EXPECT_EQ(c.errors[1], "<stdin>:4: malformed JSON");
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
  EXPECT_TRUE(Contains(c.errors[0], "big.jsonl:1: record of 52428811 bytes exceeds the limit"));
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
  EXPECT_TRUE(Contains(c.errors[0], "big.txt: file of 100 bytes exceeds the limit of 10 bytes"));
}

TEST_F(IngestFiles, HugeSingleLineJsonlDoesNotHang) {
  std::string path = Write("huge.jsonl", std::string(50u << 20, '{'));
  Collected c;
  ReadOptions opts;
  opts.max_bytes = 1 << 20;
  ASSERT_TRUE(ReadPath(path, opts, c.sink()).ok());
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(Contains(c.errors[0], "huge.jsonl:1: record of 52428800 bytes exceeds the limit"));
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

}  // namespace
}  // namespace sitrep::ingest
