// The watcher's parts: feed and Telegram parsing, feed dates, and passes over a directory,
// a Telegram export and a file:// feed into a real SQLite store (HTTP feeds, restarts of
// the command and kill -9 are in tests/watch/watch_cli_test.py). Every text here was written
// for this test.
#include "sitrep/watch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "pg_cluster.h"
#include "test_resources.h"
#include "util/text.h"
#include "watch/dates.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using testing_support::TestResources;

TEST(FeedDate, IsoAndRfc822) {
  EXPECT_EQ(FeedDate("2019-07-03T10:00:00Z"), "2019-07-03");
  EXPECT_EQ(FeedDate("2019-07-03"), "2019-07-03");
  EXPECT_EQ(FeedDate("Wed, 03 Jul 2019 10:00:00 +0000"), "2019-07-03");
  EXPECT_EQ(FeedDate("3 July 2019 10:00 GMT"), "2019-07-03");
  EXPECT_EQ(FeedDate("Sat, 29 Feb 20 08:00:00 GMT"), "2020-02-29");
  EXPECT_EQ(FeedDate("Fri, 29 Feb 2019 08:00:00 GMT"), "");  // no such day
  EXPECT_EQ(FeedDate("yesterday"), "");
  EXPECT_EQ(FeedDate(""), "");
}

constexpr const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Herald</title>
  <language>en-gb</language>
  <item>
    <title>Car bomb kills four in Azaz</title>
    <link>https://example.org/azaz-bomb</link>
    <guid>https://example.org/?p=101</guid>
    <pubDate>Mon, 01 Jul 2019 09:30:00 +0300</pubDate>
    <description>&lt;p&gt;A car bomb exploded at a market in &lt;b&gt;Azaz&lt;/b&gt; on Monday.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>A car bomb exploded at a market in Azaz, Aleppo province, on Monday, killing four civilians.</p><p>Medics said six more were wounded.</p>]]></content:encoded>
  </item>
  <item>
    <title>Protest in Daraa</title>
    <link>https://example.org/daraa-protest</link>
    <description>Hundreds of people protested in Daraa on Tuesday.</description>
    <source url="https://wire.example">Signal Agency</source>
  </item>
  <item><title></title><description>  </description></item>
</channel>
</rss>)";

TEST(ParseFeed, Rss2ItemsBecomeArticles) {
  auto articles = ParseFeed(kRss, "http://127.0.0.1/feed.xml");
  ASSERT_TRUE(articles.ok()) << articles.status().message();
  ASSERT_EQ(articles->size(), 2u);  // the empty item is left out
  const Article& a = (*articles)[0];
  EXPECT_EQ(a.title, "Car bomb kills four in Azaz");
  EXPECT_EQ(a.publisher, "Valley Herald");
  EXPECT_EQ(a.published, "2019-07-01");
  EXPECT_EQ(a.url, "https://example.org/azaz-bomb");
  EXPECT_EQ(a.lang, "en");
  // content:encoded (the longer body) as plain text, paragraphs apart, after the title.
  EXPECT_EQ(a.text.find("Car bomb kills four in Azaz\n\nA car bomb exploded at a market in Azaz, "
                        "Aleppo province"),
            0u)
      << a.text;
  EXPECT_NE(a.text.find("Medics said six more were wounded."), std::string::npos);
  EXPECT_EQ(a.text.find('<'), std::string::npos);
  EXPECT_EQ(a.id.rfind("feed-", 0), 0u);
  const Article& b = (*articles)[1];
  EXPECT_EQ(b.publisher, "Signal Agency");  // the item's <source> is its outlet
  EXPECT_EQ(b.published, "");
  EXPECT_EQ(b.text, "Protest in Daraa\n\nHundreds of people protested in Daraa on Tuesday.");
  EXPECT_NE(a.id, b.id);
  // The id follows the guid, not the text: an edited item keeps its id.
  std::string edited = kRss;
  edited.replace(edited.find("killing four"), 12, "killing five");
  auto again = ParseFeed(edited, "other origin");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].id, a.id);
  EXPECT_NE((*again)[0].text, a.text);
}

TEST(ParseFeed, AtomEntries) {
  const char* atom = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <title type="text">Night Desk</title>
  <entry>
    <id>tag:nightdesk.example,2019:1</id>
    <title type="html">Shelling on &lt;i&gt;Ariha&lt;/i&gt;</title>
    <link rel="edit" href="https://nightdesk.example/edit/1"/>
    <link rel="alternate" href="https://nightdesk.example/1"/>
    <updated>2019-07-05T18:00:00Z</updated>
    <published>2019-07-04T07:15:00+03:00</published>
    <summary>Short.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Shelling on Ariha killed two civilians on Thursday.</p><p>Rescue workers searched the rubble.</p></div></content>
  </entry>
</feed>)";
  auto articles = ParseFeed(atom, "atom");
  ASSERT_TRUE(articles.ok()) << articles.status().message();
  ASSERT_EQ(articles->size(), 1u);
  const Article& a = (*articles)[0];
  EXPECT_EQ(a.title, "Shelling on Ariha");
  EXPECT_EQ(a.url, "https://nightdesk.example/1");
  EXPECT_EQ(a.published, "2019-07-04");  // published wins over updated
  EXPECT_EQ(a.publisher, "Night Desk");
  EXPECT_EQ(a.lang, "ar");
  EXPECT_NE(a.text.find("Shelling on Ariha killed two civilians on Thursday."), std::string::npos);
  EXPECT_NE(a.text.find("Rescue workers"), std::string::npos);
}

TEST(ParseFeed, Rss1Items) {
  const char* rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://kestrel.example/"><title>Kestrel News</title></channel>
  <item rdf:about="https://kestrel.example/7">
    <title>Clashes near Tafas</title>
    <link>https://kestrel.example/7</link>
    <dc:date>2019-07-06T12:00:00Z</dc:date>
    <description>Fighters clashed near Tafas on Saturday.</description>
  </item>
</rdf:RDF>)";
  auto articles = ParseFeed(rdf, "rdf");
  ASSERT_TRUE(articles.ok()) << articles.status().message();
  ASSERT_EQ(articles->size(), 1u);
  EXPECT_EQ((*articles)[0].published, "2019-07-06");
  EXPECT_EQ((*articles)[0].publisher, "Kestrel News");
}

TEST(ParseFeed, MalformedOrForeignIsRefusedWithTheReason) {
  auto broken = ParseFeed("<rss><channel><title>x</title><item></channel></rss>", "http://h/f");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message().rfind("http://h/f: not well-formed XML (line 1): ", 0), 0u)
      << broken.status().message();
  auto html = ParseFeed("<html><body><p>hello</p></body></html>", "page");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().message(), "page: not an RSS or Atom feed (the root element is <html>)");
  EXPECT_FALSE(ParseFeed("", "empty").ok());
  EXPECT_FALSE(ParseFeed("not xml at all", "text").ok());
  // An entity from outside the document is never fetched or expanded.
  auto xxe =
      ParseFeed(R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><title>t</title><item><title>a</title><description>&x;</description></item></channel></rss>)",
                "xxe");
  if (xxe.ok()) {
    for (const Article& a : *xxe) EXPECT_EQ(a.text.find("root:"), std::string::npos);
  }
}

constexpr const char* kTelegram = R"({
 "name": "Frontline Daily",
 "type": "public_channel",
 "id": 1777000111,
 "messages": [
  {"id": 1, "type": "service", "date": "2019-07-01T08:00:00", "action": "create_channel"},
  {"id": 2, "type": "message", "date": "2019-07-02T10:25:00", "from": "Frontline Daily",
   "text": "Gunmen shot dead two police officers at a checkpoint in Samarra on Tuesday."},
  {"id": 3, "type": "message", "date": "2019-07-03T11:00:00", "from": "Frontline Daily",
   "text": ["An ", {"type": "bold", "text": "air strike"}, " hit a market in Saraqib, killing three civilians. ",
            {"type": "link", "text": "https://example.org/x"}]},
  {"id": 4, "type": "message", "date": "2019-07-03T12:00:00", "photo": "photos/p.jpg", "text": ""}
 ]
})";

TEST(ParseTelegramExport, EachMessageWithTextIsAnArticle) {
  auto articles = ParseTelegramExport(kTelegram, "result.json");
  ASSERT_TRUE(articles.ok()) << articles.status().message();
  ASSERT_EQ(articles->size(), 2u);
  const Article& a = (*articles)[0];
  EXPECT_EQ(a.id, "telegram-1777000111-2");
  EXPECT_EQ(a.publisher, "Frontline Daily");
  EXPECT_EQ(a.published, "2019-07-02");
  EXPECT_EQ(a.title, a.text);
  const Article& b = (*articles)[1];
  EXPECT_EQ(
      b.text,
      "An air strike hit a market in Saraqib, killing three civilians. https://example.org/x");
  EXPECT_EQ(b.origin, "result.json message 3");
}

TEST(ParseTelegramExport, AccountExportAndErrors) {
  std::string account = std::string(R"({"chats": {"list": [)") + kTelegram + "]}}";
  auto all = ParseTelegramExport(account, "acc");
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->size(), 2u);
  auto bad =
      ParseTelegramExport("{\n \"name\": \"x\",\n \"messages\": [ {\"id\": 1,, ]\n}", "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("r.json: not valid JSON: at line 3, column ", 0), 0u)
      << bad.status().message();
  auto other = ParseTelegramExport(R"({"rows": []})", "o.json");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(),
            "o.json: not a Telegram export (no \"messages\" or \"chats\" list)");
  EXPECT_FALSE(ParseTelegramExport(std::string(10000, '['), "deep").ok());
}

// A temporary directory and a store: SQLite, or a database on a throw-away PostgreSQL
// cluster (tests/unit/pg_cluster.h), the same cases for both.
class WatcherTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = fs::temp_directory_path() /
           ("sitrep_watch_test_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    if (GetParam() == "postgres") {
      PgCluster& pg = PgCluster::Get();
      if (!pg.available()) GTEST_SKIP() << pg.why_not();
      location_ = pg.NewDatabase();
      ASSERT_FALSE(location_.empty()) << pg.why_not();
    } else {
      location_ = (dir_ / "store.sqlite").string();
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> OpenStore() {
    auto s = Store::Open(location_);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return std::move(*s);
  }
  // Written with a modification time in the past, so the settle time does not defer it.
  void Write(const std::string& rel, const std::string& text, int age_seconds = 10) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::seconds(age_seconds));
  }
  WatchCounts Pass(const std::vector<WatchSource>& sources,
                   std::vector<std::string>* errors = nullptr) {
    auto store = OpenStore();
    WatchOptions options;
    options.jobs = 2;
    Watcher watcher(*store, TestResources(), sources, options);
    WatchHooks hooks;
    hooks.on_error = [&](const Status& s) {
      if (errors)
        errors->push_back(s.message());
      else
        ADD_FAILURE() << s.message();
    };
    auto counts = watcher.Poll(hooks);
    EXPECT_TRUE(counts.ok()) << counts.status().message();
    return counts.ok() ? *counts : WatchCounts();
  }
  int64_t Articles() {
    auto n = OpenStore()->CountArticles();
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
  bool HasArticle(const std::string& id) {
    auto a = OpenStore()->GetArticle(id);
    EXPECT_TRUE(a.ok());
    return a.ok() && a->has_value();
  }
  WatchSource Dir() { return {WatchSource::Kind::kDirectory, (dir_ / "in").string()}; }

  fs::path dir_;
  std::string location_;
};

constexpr const char* kBomb =
    "A car bomb exploded at a market in Azaz, Aleppo province, on Monday, killing four "
    "civilians, medics said.";
constexpr const char* kClash =
    "Government forces and insurgents clashed near Tafas in Daraa province on Tuesday, leaving "
    "three fighters dead, a local monitor reported.";

TEST_P(WatcherTest, DirectoryPassesIngestOnlyWhatIsNew) {
  Write("in/a.txt", kBomb);
  Write("in/.partial.txt", kClash);  // hidden: a copy in progress
  Write("in/notes.md", kClash);      // not an article file
  WatchCounts first = Pass({Dir()});
  EXPECT_EQ(first.articles, 1);
  EXPECT_GT(first.events, 0);
  EXPECT_EQ(first.new_events, first.events);
  // A second watcher on the same store (a restart): nothing new, nothing read twice.
  WatchCounts second = Pass({Dir()});
  EXPECT_EQ(second.articles, 0);
  EXPECT_EQ(second.events, 0);
  // A new file and a JSONL file; the JSONL file grows afterwards.
  Write("in/sub/b.txt", kClash);
  Write("in/feed.jsonl",
        std::string(R"({"id": "j1", "published": "2019-07-02", "text": ")") + kClash + "\"}\n");
  WatchCounts third = Pass({Dir()});
  EXPECT_EQ(third.articles, 2);
  Write("in/feed.jsonl",
        std::string(R"({"id": "j1", "published": "2019-07-02", "text": ")") + kClash + "\"}\n" +
            R"({"id": "j2", "published": "2019-07-01", "text": ")" + kBomb + "\"}\n");
  WatchCounts fourth = Pass({Dir()});
  EXPECT_EQ(fourth.articles, 1);   // j2 only
  EXPECT_EQ(fourth.unchanged, 0);  // j1 lies before where the last pass stopped: not read
  EXPECT_EQ(fourth.reread, 0);
  EXPECT_EQ(Articles(), 4);
}

TEST_P(WatcherTest, RewrittenArticleFileReplacesItsArticle) {
  const std::string half = "A car bomb exploded at a market in Azaz";  // caught half-copied
  Write("in/a.txt", half);
  Pass({Dir()});
  const std::string half_id = Hex64(Fnv1a64(half));  // a .txt article's id: its text's hash
  EXPECT_TRUE(HasArticle(half_id));
  Write("in/a.txt", kBomb, 5);
  WatchCounts c = Pass({Dir()});
  EXPECT_EQ(c.articles, 1);
  EXPECT_EQ(Articles(), 1);
  EXPECT_FALSE(HasArticle(half_id));
  EXPECT_TRUE(HasArticle(Hex64(Fnv1a64(kBomb))));
}

TEST_P(WatcherTest, FreshFilesWaitForTheNextPass) {
  Write("in/a.txt", kBomb, 0);
  auto store = OpenStore();
  WatchOptions options;
  options.settle_seconds = 60;
  Watcher watcher(*store, TestResources(), {Dir()}, options);
  auto c = watcher.Poll();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->deferred, 1);
  EXPECT_EQ(c->articles, 0);
}

TEST_P(WatcherTest, TelegramExportAndMalformedFilesAreReportedAndSkipped) {
  Write("export/result.json", kTelegram);
  Write("in/bad.jsonl", "{\"id\": \"x\", \"text\": \n");
  Write("in/good.txt", kBomb);
  std::vector<std::string> errors;
  WatchCounts c = Pass({{WatchSource::Kind::kTelegram, (dir_ / "export").string()},
                        Dir(),
                        {WatchSource::Kind::kTelegram, (dir_ / "missing").string()}},
                       &errors);
  EXPECT_EQ(c.articles, 3);  // two posts and good.txt
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("bad.jsonl:1"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("/missing: no such file or directory"), std::string::npos) << errors[1];
  EXPECT_TRUE(HasArticle("telegram-1777000111-2"));
  // The bad file is reported once, not on every pass; a new post is read, the old are not.
  std::string grown = kTelegram;
  grown.insert(grown.rfind(']'), R"(, {"id": 5, "type": "message", "date": "2019-07-04T09:00:00",
   "text": "Security forces arrested five people in a raid on Hawija on Thursday."})");
  Write("export/result.json", grown, 5);
  errors.clear();
  c = Pass({{WatchSource::Kind::kTelegram, (dir_ / "export").string()}, Dir()}, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(c.articles, 1);
  EXPECT_EQ(c.unchanged, 2);
}

TEST_P(WatcherTest, TelegramExportInAWatchedDirectory) {
  Write("in/ChatExport_2019-07-05/result.json", kTelegram);
  std::vector<std::string> errors;
  WatchCounts c = Pass({Dir()}, &errors);
  EXPECT_TRUE(errors.empty()) << errors[0];
  EXPECT_EQ(c.articles, 2);
}

TEST_P(WatcherTest, FileFeedAndBadFeeds) {
  Write("feed.xml", kRss);
  std::vector<std::string> errors;
  std::string url = "file://" + (dir_ / "feed.xml").string();
  Write("bad.xml", "<rss><channel><item></rss>");
  WatchCounts c = Pass({{WatchSource::Kind::kFeed, url},
                        {WatchSource::Kind::kFeed, "file://" + (dir_ / "bad.xml").string()},
                        {WatchSource::Kind::kFeed, "gopher://example.org/feed"}},
                       &errors);
  EXPECT_EQ(c.articles, 2);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("bad.xml: not well-formed XML"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[1].rfind("gopher://example.org/feed: ", 0), 0u) << errors[1];
  errors.clear();
  c = Pass({{WatchSource::Kind::kFeed, url}}, &errors);
  EXPECT_EQ(c.articles, 0);
}

TEST_P(WatcherTest, AStopAbandonsAFeedThatDoesNotAnswer) {
  // A server that accepts connections (the kernel's backlog) and never answers.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/feed.xml";
  auto store = OpenStore();
  WatchOptions options;
  options.http_timeout_seconds = 120;
  Watcher watcher(*store, TestResources(), {{WatchSource::Kind::kFeed, url}}, options);
  auto start = std::chrono::steady_clock::now();
  WatchHooks hooks;
  hooks.should_stop = [&] {
    return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300);
  };
  hooks.on_error = [](const Status& s) { ADD_FAILURE() << s.message(); };
  auto c = watcher.Poll(hooks);
  ::close(fd);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(c->skipped, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, WatcherTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace sitrep
