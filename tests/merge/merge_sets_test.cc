// The merge rule as data (docs/merge.md): each directory of tests/merge/sets/ holds a few
// short reports written for this project (articles.jsonl) and what merging them must give
// (expected.json). Every set is extracted, then merged by MergeReports and by a SQLite store
// (one article per put, as `sitrep extract --db` does), in many orders; all must give the
// expected events, and the same events. A PostgreSQL store (when the server binaries are
// installed: tests/unit/pg_cluster.h) must give the same events for every set too.
//
// expected.json: {"about": "...", "events": [{"article_ids": [...], ...}, ...]} lists every
// merged event, found by its article ids (as a set). Its other keys, when present, must
// equal the event's: event_type, sub_event_type, event_date, date_precision, country,
// admin1, location, actor1, actor2, fatalities, fatalities_low, fatalities_high, injuries
// (null = no figure), sources (as a set), claims (as a set of {source, claim, fatalities,
// injuries}).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "sitrep/merge.h"
#include "sitrep/reader.h"
#include "sitrep/sitrep.h"
#include "sitrep/store.h"
#include "sitrep/writer.h"
#include "test_resources.h"
#include "unit/pg_cluster.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSets = SITREP_SOURCE_DIR "/tests/merge/sets";

std::vector<std::string> SetNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(kSets, ec))
    if (d.is_directory()) names.push_back(d.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct ExtractedArticle {
  Article article;
  std::vector<Event> events;
};

std::string Line(Event e) {
  e.timestamp = 0;
  return ToJsonLine(e);
}

std::vector<std::string> Lines(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(Line(e));
  std::sort(out.begin(), out.end());
  return out;
}

json FigureOrNull(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json ClaimSet(const std::vector<Claim>& claims) {
  std::set<json> out;
  for (const Claim& c : claims)
    out.insert(json{{"source", c.source},
                    {"claim", c.claim},
                    {"fatalities", FigureOrNull(c.fatalities)},
                    {"injuries", FigureOrNull(c.injuries)}});
  return json(out);
}

// Reads a merge set's articles, each with the events Extract gives it (an article Extract
// refuses, or one the reader reports, fails the test); the reader's status.
Status ReadExtracted(const std::string& dir, std::vector<ExtractedArticle>* out) {
  ArticleSink sink;
  sink.on_article = [&](Article&& a) {
    auto events = Extract(a, testing_support::TestResources());
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    out->push_back({std::move(a), std::move(*events)});
  };
  sink.on_error = [](const Status& s) { ADD_FAILURE() << s.ToString(); };
  return ReadPath(dir + "/articles.jsonl", {}, sink);
}

class MergeSet : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string dir = kSets + "/" + GetParam();
    std::ifstream f(dir + "/expected.json");
    ASSERT_TRUE(f) << dir << "/expected.json is missing";
    expected_ = json::parse(f);
    ASSERT_TRUE(ReadExtracted(dir, &articles_).ok());
    ASSERT_GE(articles_.size(), 2u);
    for (const auto& a : articles_)
      reports_.insert(reports_.end(), a.events.begin(), a.events.end());
  }

  // Every expected event is there, found by its articles, with the fields expected.json gives.
  void CheckExpected(const std::vector<Event>& events, const std::string& where) {
    SCOPED_TRACE(where);
    std::string got_summary;
    for (const Event& e : events) {
      got_summary += "\n  [";
      for (const auto& id : e.article_ids) got_summary += id + " ";
      got_summary += "] " + e.event_date + " " + e.sub_event_type + " " + e.location;
    }
    ASSERT_EQ(events.size(), expected_["events"].size()) << "merged events:" << got_summary;
    for (const json& want : expected_["events"]) {
      const std::set<std::string> ids = want["article_ids"].get<std::set<std::string>>();
      const Event* found = nullptr;
      for (const Event& e : events)
        if (std::set<std::string>(e.article_ids.begin(), e.article_ids.end()) == ids) found = &e;
      ASSERT_NE(found, nullptr) << "no event of exactly the articles " << want["article_ids"]
                                << "; merged events:" << got_summary;
      const Event& e = *found;
      SCOPED_TRACE(Line(e));
      const std::map<std::string, std::string> strings = {
          {"event_type", e.event_type}, {"sub_event_type", e.sub_event_type},
          {"event_date", e.event_date}, {"date_precision", e.date_precision},
          {"country", e.country},       {"admin1", e.admin1},
          {"location", e.location},     {"actor1", e.actor1},
          {"actor2", e.actor2}};
      for (const auto& [key, value] : strings)
        if (want.contains(key)) EXPECT_EQ(value, want[key].get<std::string>()) << key;
      const std::map<std::string, std::optional<int>> figures = {
          {"fatalities", e.fatalities},
          {"fatalities_low", e.fatalities_low},
          {"fatalities_high", e.fatalities_high},
          {"injuries", e.injuries}};
      for (const auto& [key, value] : figures)
        if (want.contains(key)) EXPECT_EQ(FigureOrNull(value), want[key]) << key;
      if (want.contains("sources"))
        EXPECT_EQ(std::set<std::string>(e.sources.begin(), e.sources.end()),
                  want["sources"].get<std::set<std::string>>());
      if (want.contains("claims")) {
        json claims = json::array();
        for (const json& c : want["claims"])
          claims.push_back(json{{"source", c["source"]},
                                {"claim", c.value("claim", "report")},
                                {"fatalities", c.value("fatalities", json(nullptr))},
                                {"injuries", c.value("injuries", json(nullptr))}});
        EXPECT_EQ(ClaimSet(e.claims), json(std::set<json>(claims.begin(), claims.end())));
      }
    }
  }

  json expected_;
  std::vector<ExtractedArticle> articles_;
  std::vector<Event> reports_;
};

TEST_P(MergeSet, MergeReportsGivesTheExpectedEvents) {
  CheckExpected(MergeReports(reports_).events, "MergeReports");
}

TEST_P(MergeSet, AnyOrderOfReportsGivesTheSameEvents) {
  const auto reference = Lines(MergeReports(reports_).events);
  std::vector<Event> shuffled = reports_;
  std::mt19937 rng(17);
  for (int i = 0; i < 30; ++i) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_EQ(Lines(MergeReports(shuffled).events), reference) << "order " << i;
  }
}

// The store merges one article at a time; every order of the articles (all of them for up
// to five articles) gives the events MergeReports gives.
TEST_P(MergeSet, StoreGivesTheSameEventsInEveryOrder) {
  const auto reference = Lines(MergeReports(reports_).events);
  std::vector<size_t> order(articles_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::string path = ::testing::TempDir() + "merge_set_" + std::to_string(::getpid()) + "_" +
                           GetParam() + ".sqlite";
  int runs = 0;
  do {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    auto store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::string order_text;
    for (size_t i : order) {
      order_text += articles_[i].article.id + " ";
      auto put = (*store)->PutArticle(articles_[i].article, articles_[i].events);
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
    auto stored = (*store)->AllEvents();
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(Lines(*stored), reference) << "order " << order_text;
    if (runs == 0) CheckExpected(*stored, "store");
    ++runs;
  } while (std::next_permutation(order.begin(), order.end()) && runs < 120);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

INSTANTIATE_TEST_SUITE_P(Sets, MergeSet, ::testing::ValuesIn(SetNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// PostgreSQL gives the events of MergeReports (so of SQLite, above) for every set: one
// test (one throw-away cluster, a database per set), two orders of the articles per set.
TEST(MergeSets, PostgresGivesTheSameEvents) {
  PgCluster& pg = PgCluster::Get();
  if (!pg.available()) GTEST_SKIP() << pg.why_not();
  int sets = 0;
  for (const std::string& name : SetNames()) {
    SCOPED_TRACE(name);
    std::vector<ExtractedArticle> articles;
    ASSERT_TRUE(ReadExtracted(kSets + "/" + name, &articles).ok());
    std::vector<Event> reports;
    for (const auto& a : articles) reports.insert(reports.end(), a.events.begin(), a.events.end());
    const auto reference = Lines(MergeReports(reports).events);
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) std::reverse(articles.begin(), articles.end());
      const std::string url = pg.NewDatabase();
      ASSERT_FALSE(url.empty()) << pg.why_not();
      auto store = Store::Open(url);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      for (const auto& a : articles) {
        auto put = (*store)->PutArticle(a.article, a.events);
        ASSERT_TRUE(put.ok()) << put.status().ToString();
      }
      auto stored = (*store)->AllEvents();
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
      EXPECT_EQ(Lines(*stored), reference) << (pass ? "reversed order" : "file order");
    }
    ++sets;
  }
  EXPECT_GE(sets, 10);
}

// The sets are there (a moved directory must not pass as zero sets).
TEST(MergeSets, AtLeastTenSets) { EXPECT_GE(SetNames().size(), 10u); }

}  // namespace
}  // namespace sitrep
