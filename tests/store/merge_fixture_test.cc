// The merge rule on real reports: the Mleiha al-Atash attack as four Arabic outlets and Enab
// Baladi in English told it (../shared/fixtures), merged in every order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
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

const std::string kArabic = SITREP_SHARED_DIR "/fixtures/mleiha-al-atash-arabic";
const std::string kEnglish =
    SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.article.jsonl";
const std::string kDevset = SITREP_SHARED_DIR "/devset/articles.jsonl";

std::vector<Event> ExtractAll(const std::vector<std::string>& paths) {
  std::vector<Event> out;
  ArticleSink sink;
  sink.on_article = [&](Article&& a) {
    auto events = Extract(a, testing_support::TestResources());
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    out.insert(out.end(), events->begin(), events->end());
  };
  sink.on_error = [](const Status& s) { ADD_FAILURE() << s.ToString(); };
  for (const auto& p : paths) EXPECT_TRUE(ReadPath(p, {}, sink).ok()) << p;
  return out;
}

std::vector<std::string> Lines(const MergeResult& r) {
  std::vector<std::string> v;
  for (const Event& e : r.events) v.push_back(ToJsonLine(e));
  for (const DeletedEvent& d : r.deleted) v.push_back(d.event_id + " -> " + d.merged_into);
  return v;
}

class MleihaAlAtash : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream f(kArabic + "/expected-merged.json");
    if (!f) GTEST_SKIP() << "needs ../shared/fixtures";
    expected_ = nlohmann::json::parse(f);
    reports_ = ExtractAll({kArabic + "/articles.jsonl", kEnglish});
  }
  nlohmann::json expected_;
  std::vector<Event> reports_;
};

TEST_F(MleihaAlAtash, FiveReportsBecomeOneAttack) {
  MergeResult merged = MergeReports(reports_);
  const auto& want = expected_["events"][0];
  std::vector<const Event*> attacks;
  for (const Event& e : merged.events)
    if (e.sub_event_type == want["sub_event_type"] && e.event_date == want["event_date"])
      attacks.push_back(&e);
  ASSERT_EQ(attacks.size(), 1u) << "the attack must be one event";
  const Event& e = *attacks[0];
  // Every article that reported it (the four Arabic ones and the English one).
  std::set<std::string> articles(e.article_ids.begin(), e.article_ids.end());
  for (const auto& id : want["article_ids"]) EXPECT_TRUE(articles.count(id)) << id;
  EXPECT_TRUE(articles.count("enab-baladi-2019-07-28-daraa"));
  EXPECT_EQ(articles.size(), 5u);
  // Every source any report named, each once.
  std::set<std::string> report_sources, sources(e.sources.begin(), e.sources.end());
  for (const Event& r : reports_)
    if (r.event_date == e.event_date && r.sub_event_type == e.sub_event_type)
      report_sources.insert(r.sources.begin(), r.sources.end());
  EXPECT_EQ(sources, report_sources);
  EXPECT_EQ(sources.size(), e.sources.size());
  // The seven of expected-merged.json: the four Arabic outlets, the agencies they cite (Amaaq,
  // SANA) and the local network cited for the raid that followed (Ahrar Horan).
  std::set<std::string> want_sources;
  for (const auto& s : want["sources"]) want_sources.insert(s.get<std::string>());
  EXPECT_EQ(sources, want_sources);  // (Enab Baladi published in both languages)
  EXPECT_EQ(e.event_type, want["event_type"]);
  EXPECT_EQ(e.actor1, want["actor1"]);
  EXPECT_EQ(e.actor2, want["actor2"]);
  EXPECT_EQ(e.admin1, want["admin1"]);
  EXPECT_EQ(e.country, want["country"]);
  EXPECT_EQ(e.date_precision, want["date_precision"]);
  EXPECT_EQ(e.fatalities, want["fatalities"].get<int>());
  EXPECT_EQ(e.fatalities_low, want["fatalities_low"].get<int>());
  EXPECT_EQ(e.fatalities_high, want["fatalities_high"].get<int>());
  EXPECT_EQ(e.injuries, want["injuries"].get<int>());
  // Amaaq's claim with its figures, SANA's without, opposition media's, each once and with its
  // article.
  int amaaq = 0, sana = 0, opposition = 0;
  for (const Claim& c : e.claims) {
    EXPECT_FALSE(c.article_id.empty());
    if (c.source == "Amaaq") {
      ++amaaq;
      EXPECT_EQ(c.fatalities, 8);
      EXPECT_EQ(c.injuries, 10);
    }
    if (c.source == "SANA") ++sana;
    if (c.source == "opposition media") {
      ++opposition;
      EXPECT_EQ(c.injuries, 6);  // Access News' second account
    }
  }
  EXPECT_EQ(amaaq, 1);
  EXPECT_EQ(sana, 1);
  EXPECT_EQ(opposition, 1);  // a claim, though no named source
  // Evidence from every report, each pointing into its own article.
  std::set<std::string> evidence_articles;
  for (const Evidence& ev : e.evidence) evidence_articles.insert(ev.article_id);
  EXPECT_EQ(evidence_articles, articles);
  EXPECT_NE(e.notes.find("5 reports"), std::string::npos) << e.notes;
  // The English report's other incidents stay apart: five reports of the attack are one event,
  // two of the arrests another.
  EXPECT_EQ(merged.events.size(), reports_.size() - 4 - 1);
  EXPECT_EQ(merged.deleted.size(), 4u + 1u);
}

// The raid after the attack (Horrya Press citing Ahrar Horan: "arrested two people"; Shaam
// citing them: a sweep of raids and arrests in the town) is one arrest event of its own,
// dated by the attack it followed at week precision.
TEST_F(MleihaAlAtash, TheRaidAfterTheAttackIsOneArrestEvent) {
  MergeResult merged = MergeReports(reports_);
  const auto& want = expected_["events"][1];
  std::vector<const Event*> arrests;
  for (const Event& e : merged.events)
    if (e.sub_event_type == want["sub_event_type"] && e.admin1 == want["admin1"])
      arrests.push_back(&e);
  ASSERT_EQ(arrests.size(), 1u) << "the arrests must be one event";
  const Event& e = *arrests[0];
  EXPECT_EQ(e.event_type, want["event_type"]);
  EXPECT_EQ(e.event_date, want["event_date"]);
  EXPECT_EQ(e.date_precision, want["date_precision"]);
  EXPECT_EQ(e.actor1, want["actor1"]);
  EXPECT_EQ(e.actor2, want["actor2"].get<std::string>() + " (Syria)");  // ACLED's form
  EXPECT_EQ(e.country, want["country"]);
  EXPECT_EQ(e.geo_precision, want["geo_precision"].get<int>());
  // The village itself (the gazetteer's spelling; the attack's place).
  const Event* attack = nullptr;
  for (const Event& a : merged.events)
    if (a.sub_event_type == expected_["events"][0]["sub_event_type"]) attack = &a;
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(e.location, attack->location);
  EXPECT_EQ(e.latitude, attack->latitude);
  EXPECT_EQ(e.longitude, attack->longitude);
  std::set<std::string> sources(e.sources.begin(), e.sources.end());
  EXPECT_TRUE(sources.count("Ahrar Horan"));
  // Both reports that tell it: Horrya's, and Shaam's, whose text stops inside the town's
  // name in the sentence of the raid.
  std::set<std::string> articles(e.article_ids.begin(), e.article_ids.end());
  std::set<std::string> wanted;
  for (const auto& id : want["article_ids"]) wanted.insert(id.get<std::string>());
  EXPECT_EQ(articles, wanted);
}

TEST_F(MleihaAlAtash, AnyOrderGivesTheSameEvents) {
  const auto reference = Lines(MergeReports(reports_));
  std::mt19937 rng(12);
  std::vector<Event> shuffled = reports_;
  for (int i = 0; i < 50; ++i) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_EQ(Lines(MergeReports(shuffled)), reference) << "order " << i;
  }
}

// Articles with their events, as `extract --db` would put them.
std::vector<std::pair<Article, std::vector<Event>>> ExtractArticles(
    const std::vector<std::string>& paths) {
  std::vector<std::pair<Article, std::vector<Event>>> out;
  ArticleSink sink;
  sink.on_article = [&](Article&& a) {
    auto events = Extract(a, testing_support::TestResources());
    ASSERT_TRUE(events.ok());
    out.push_back({std::move(a), std::move(*events)});
  };
  sink.on_error = [](const Status& s) { ADD_FAILURE() << s.ToString(); };
  for (const auto& p : paths) EXPECT_TRUE(ReadPath(p, {}, sink).ok()) << p;
  return out;
}

std::vector<std::string> StoreContent(const Store& store) {
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  .ForEachEvent([&](const Event& e) {
                    Event copy = e;
                    copy.timestamp = 0;
                    out.push_back(ToJsonLine(copy));
                    return true;
                  })
                  .ok());
  return out;
}

// The store merges one article at a time; the result equals merging all reports at once,
// in SQLite and in PostgreSQL alike.
TEST_F(MleihaAlAtash, StoresEqualTheBatchRuleInEveryBackend) {
  auto articles = ExtractArticles({kArabic + "/articles.jsonl", kEnglish, kDevset});
  std::vector<Event> all;
  for (const auto& [a, events] : articles) all.insert(all.end(), events.begin(), events.end());
  std::vector<std::string> batch;
  for (const Event& e : MergeReports(all).events) batch.push_back(ToJsonLine(e));

  std::vector<std::string> locations = {::testing::TempDir() + "merge_fixture_" +
                                        std::to_string(::getpid()) + ".sqlite"};
  std::filesystem::remove(locations[0]);
  PgCluster& pg = PgCluster::Get();
  if (pg.available()) {
    locations.push_back(pg.NewDatabase());
  } else {
    std::cerr << pg.why_not() << "\n";
  }
  for (const auto& location : locations) {
    auto store = Store::Open(location);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::mt19937 rng(3);
    std::shuffle(articles.begin(), articles.end(), rng);
    for (const auto& [a, events] : articles) ASSERT_TRUE((*store)->PutArticle(a, events).ok());
    std::vector<std::string> stored = StoreContent(**store);
    std::sort(stored.begin(), stored.end());
    std::vector<std::string> expected = batch;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(stored, expected) << location;
  }
  std::filesystem::remove(locations[0]);
}

}  // namespace
}  // namespace sitrep
