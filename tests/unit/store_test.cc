// The store's behaviour, run against every back end: SQLite, and PostgreSQL with PostGIS
// when the server binaries are installed (tests/unit/pg_cluster.h starts a throw-away
// cluster). Events are written by hand here; tests/store/ has the end-to-end ones.
#include "sitrep/store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "pg_cluster.h"
#include "sitrep/writer.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

Article MakeArticle(const std::string& id, const std::string& text,
                    const std::string& published = "2022-05-02") {
  Article a;
  a.id = id;
  a.text = text;
  a.published = published;
  a.publisher = "Wire " + id;
  return a;
}

// A report of an armed clash in Mosul on `date` by article `article`.
Event MakeEvent(const std::string& id, const std::string& date, const std::string& article) {
  Event e;
  e.event_id = id;
  e.article_ids = {article};
  e.event_date = date;
  e.date_precision = "day";
  e.disorder_type = "Political violence";
  e.event_type = "Battles";
  e.sub_event_type = "Armed clash";
  e.actor1 = "Military Forces of Iraq";
  e.actor2 = "Islamic State";
  e.country = "Iraq";
  e.admin1 = "Nineveh";
  e.location = "Mosul";
  e.latitude = 36.335;
  e.longitude = 43.11889;
  e.geo_precision = 1;
  e.fatalities = 3;
  e.sources = {"Wire " + article};
  e.published = date;
  e.notes = "On " + date + ", forces clashed with Islamic State in Mosul (Nineveh).";
  e.evidence = {{"location", 10, 15, "Mosul"}};
  return e;
}

Event Elsewhere(Event e, const std::string& place, double lat, double lon,
                const std::string& admin1 = "Nineveh") {
  e.location = place;
  e.latitude = lat;
  e.longitude = lon;
  e.admin1 = admin1;
  return e;
}

std::vector<std::string> Ids(const Store& store, const EventQuery& q = {}) {
  std::vector<std::string> ids;
  Status st = store.QueryEvents(q, [&](const Event& e) {
    ids.push_back(e.event_id);
    return true;
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return ids;
}

// Every event as JSON without its timestamp: two stores with the same content compare equal.
std::vector<std::string> Content(const Store& store) {
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

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string safe = name;
    std::replace(safe.begin(), safe.end(), '/', '_');
    dir_ = fs::temp_directory_path() /
           ("sitrep_store_test_" + std::to_string(::getpid()) + "_" + safe);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (GetParam() == "postgres") {
      PgCluster& pg = PgCluster::Get();
      if (!pg.available()) GTEST_SKIP() << pg.why_not();
      location_ = pg.NewDatabase();
      ASSERT_FALSE(location_.empty()) << pg.why_not();
    } else {
      location_ = (dir_ / "events.sqlite").string();
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    auto s = Store::Open(location_, options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  fs::path dir_;
  std::string location_;
};

TEST_P(StoreTest, ReingestingSameArticleDoesNotDuplicate) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article a = MakeArticle("a1", "Fighting was reported near the city.");
  std::vector<Event> events = {
      MakeEvent("e2", "2022-05-01", "a1"),
      Elsewhere(MakeEvent("e1", "2022-05-01", "a1"), "Tal Afar", 36.37, 42.45)};
  ASSERT_TRUE(store->PutArticle(a, events).ok());
  auto again = store->PutArticle(a, events);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_events + again->updated_events + again->deleted_events, 0);
  EXPECT_EQ(*store->CountEvents(), 2);
  EXPECT_EQ(*store->CountArticles(), 1);
  auto all = store->AllEvents();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].event_id, "e1");  // sorted by (date, id)
  EXPECT_GT((*all)[0].timestamp, 0);
  EXPECT_EQ((*all)[1].fatalities, 3);
  EXPECT_EQ((*all)[1].latitude, 36.335);
}

TEST_P(StoreTest, SameIncidentFromTwoArticlesIsOneEvent) {
  auto store = Open();
  ASSERT_TRUE(store);
  Event first = MakeEvent("a-clash", "2022-05-01", "a");
  Event second = MakeEvent("b-clash", "2022-05-01", "b");
  second.location = "Mosul city";  // another spelling, same coordinates
  second.fatalities = 5;
  second.claims = {{"Amaq", "responsibility", 7, std::nullopt, "Amaq said seven soldiers died."}};
  ASSERT_TRUE(store->PutArticle(MakeArticle("a", "text a", "2022-05-01"), {first}).ok());
  auto put = store->PutArticle(MakeArticle("b", "text b", "2022-05-02"), {second});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->updated_events, 1);
  EXPECT_EQ(*store->CountEvents(), 1);
  EXPECT_EQ(*store->CountReports(), 2);
  auto all = store->AllEvents();
  ASSERT_EQ(all->size(), 1u);
  const Event& e = (*all)[0];
  EXPECT_EQ(e.event_id, "a-clash");  // the first published keeps its id
  EXPECT_EQ(e.article_ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e.sources, (std::vector<std::string>{
                           "Wire a",
                           "Wire b",
                       }));
  EXPECT_EQ(e.fatalities_low, 3);
  EXPECT_EQ(e.fatalities_high, 7);
  EXPECT_EQ(e.fatalities, 3);  // 3 and 5 one report each: the lower
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].article_id, "b");
  ASSERT_EQ(e.evidence.size(), 2u);
  EXPECT_EQ(e.evidence[0].article_id, "a");
  EXPECT_EQ(e.evidence[1].article_id, "b");
  // The absorbed report's id leads to the event.
  auto lookup = store->GetEvent("b-clash");
  ASSERT_TRUE(lookup.ok());
  ASSERT_TRUE(lookup->event);
  EXPECT_EQ(lookup->event->event_id, "a-clash");
  EXPECT_EQ(lookup->merged_into, "a-clash");
  auto reports = store->GetReports("a-clash");
  ASSERT_TRUE(reports.ok());
  EXPECT_EQ(reports->size(), 2u);

  // An earlier report arrives late: it takes the id, the old id is recorded as merged.
  Event earliest = MakeEvent("c-clash", "2022-05-01", "c");
  earliest.published = "2022-04-30";
  ASSERT_TRUE(store->PutArticle(MakeArticle("c", "text c", "2022-04-30"), {earliest}).ok());
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"c-clash"}));
  lookup = store->GetEvent("a-clash");
  ASSERT_TRUE(lookup->event);
  EXPECT_EQ(lookup->merged_into, "c-clash");
  std::vector<std::string> deleted;
  ASSERT_TRUE(store
                  ->Changes(0,
                            [&](const EventChange& c) {
                              if (c.kind == EventChange::Kind::kDeleted)
                                deleted.push_back(c.event_id + ">" + c.merged_into);
                              return true;
                            })
                  .ok());
  EXPECT_EQ(deleted, (std::vector<std::string>{"a-clash>c-clash"}));
}

TEST_P(StoreTest, NearMissesStayApart) {
  auto store = Open();
  ASSERT_TRUE(store);
  Event base = MakeEvent("x1", "2022-05-01", "x");
  std::vector<std::pair<std::string, Event>> others;
  Event e = MakeEvent("y-day", "2022-05-02", "y");  // the next day
  others.push_back({"y", e});
  e = Elsewhere(MakeEvent("y-far", "2022-05-01", "y2"), "Tal Afar", 36.37, 42.45);  // 55 km
  others.push_back({"y2", e});
  e = MakeEvent("y-type", "2022-05-01", "y3");
  e.event_type = "Explosions/Remote violence", e.sub_event_type = "Air/drone strike";
  others.push_back({"y3", e});
  e = MakeEvent("y-actor", "2022-05-01", "y4");
  e.actor2 = "Kurdistan Workers Party";
  others.push_back({"y4", e});
  e = MakeEvent("y-toll", "2022-05-01", "y5");
  e.fatalities = 40;
  others.push_back({"y5", e});
  ASSERT_TRUE(store->PutArticle(MakeArticle("x", "x"), {base}).ok());
  for (auto& [article, ev] : others)
    ASSERT_TRUE(store->PutArticle(MakeArticle(article, article), {ev}).ok());
  EXPECT_EQ(*store->CountEvents(), 6);
}

TEST_P(StoreTest, AnyOrderGivesTheSameStore) {
  // Three reports of one clash, two of another on the same day 60 km away, one vague report.
  std::vector<std::pair<Article, std::vector<Event>>> puts;
  for (int i = 0; i < 3; ++i) {
    std::string a = "m" + std::to_string(i);
    Event e = MakeEvent(a + "-ev", "2022-06-10", a);
    e.fatalities = 4 + i;
    puts.push_back({MakeArticle(a, "text " + a, "2022-06-1" + std::to_string(i)), {e}});
  }
  for (int i = 0; i < 2; ++i) {
    std::string a = "t" + std::to_string(i);
    puts.push_back({MakeArticle(a, "text " + a, "2022-06-11"),
                    {Elsewhere(MakeEvent(a + "-ev", "2022-06-10", a), "Tal Afar", 36.37, 42.45)}});
  }
  Event vague = MakeEvent("v-ev", "2022-06-10", "v");
  vague.geo_precision = 3, vague.location = "Nineveh";
  puts.push_back({MakeArticle("v", "text v", "2022-06-12"), {vague}});

  std::vector<std::string> reference;
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    if (GetParam() == "sqlite") {
      fs::remove(location_);
    } else {
      location_ = PgCluster::Get().NewDatabase();
    }
    auto store = Open();
    ASSERT_TRUE(store);
    std::shuffle(puts.begin(), puts.end(), rng);
    for (auto& [a, ev] : puts) ASSERT_TRUE(store->PutArticle(a, ev).ok());
    auto content = Content(*store);
    if (round == 0) {
      reference = content;
      EXPECT_EQ(content.size(), 3u);  // the Mosul clash, the Tal Afar clash, the vague report
    } else {
      EXPECT_EQ(content, reference) << "round " << round;
    }
  }
}

TEST_P(StoreTest, RemovingAnArticleUpdatesOrDeletes) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(
      store->PutArticle(MakeArticle("a", "a", "2022-05-01"), {MakeEvent("a-ev", "2022-05-01", "a")})
          .ok());
  ASSERT_TRUE(
      store->PutArticle(MakeArticle("b", "b", "2022-05-02"), {MakeEvent("b-ev", "2022-05-01", "b")})
          .ok());
  Event lone = Elsewhere(MakeEvent("c-ev", "2022-05-01", "c"), "Sinjar", 36.32, 41.87);
  ASSERT_TRUE(store->PutArticle(MakeArticle("c", "c", "2022-05-02"), {lone}).ok());
  // The id holder's article goes: the event stays under the other report's id.
  auto r = store->RemoveArticle("a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"b-ev", "c-ev"}));
  auto lookup = store->GetEvent("a-ev");
  ASSERT_TRUE(lookup.ok());
  EXPECT_EQ(lookup->merged_into, "b-ev");
  // An article re-put without its event: the event is gone.
  ASSERT_TRUE(store->PutArticle(MakeArticle("c", "c", "2022-05-02"), {}).ok());
  lookup = store->GetEvent("c-ev");
  EXPECT_TRUE(lookup->deleted);
  EXPECT_FALSE(lookup->event);
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"b-ev"}));
  EXPECT_EQ(*store->CountArticles(), 2);
}

TEST_P(StoreTest, QueriesFilter) {
  auto store = Open();
  ASSERT_TRUE(store);
  Event mosul = MakeEvent("q-mosul", "2022-05-01", "q1");
  Event sinjar = Elsewhere(MakeEvent("q-sinjar", "2022-05-03", "q2"), "Sinjar", 36.32, 41.87);
  sinjar.actor1 = "Kurdistan Workers Party";
  Event damascus =
      Elsewhere(MakeEvent("q-dam", "2022-05-05", "q3"), "Damascus", 33.51, 36.29, "Damascus");
  damascus.country = "Syria";
  damascus.event_type = "Protests", damascus.sub_event_type = "Peaceful protest";
  damascus.notes = "Hundreds protested bread prices in Damascus.";
  ASSERT_TRUE(store->PutArticle(MakeArticle("q1", "1"), {mosul}).ok());
  ASSERT_TRUE(store->PutArticle(MakeArticle("q2", "2"), {sinjar}).ok());
  ASSERT_TRUE(store->PutArticle(MakeArticle("q3", "3"), {damascus}).ok());
  using V = std::vector<std::string>;
  EventQuery q;
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul", "q-sinjar", "q-dam"}));
  q.date_from = "2022-05-02";
  q.date_to = "2022-05-04";
  EXPECT_EQ(Ids(*store, q), (V{"q-sinjar"}));
  q = {};
  q.countries = {"iraq"};
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul", "q-sinjar"}));
  q = {};
  q.admin1s = {"Damascus", "Basra"};
  EXPECT_EQ(Ids(*store, q), (V{"q-dam"}));
  q = {};
  q.event_types = {"Battles"};
  q.sub_event_types = {"armed clash"};
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul", "q-sinjar"}));
  q = {};
  q.actor = "kurdistan";
  EXPECT_EQ(Ids(*store, q), (V{"q-sinjar"}));
  q = {};
  q.text = "BREAD";
  EXPECT_EQ(Ids(*store, q), (V{"q-dam"}));
  q = {};
  q.bbox = EventQuery::Box{41.0, 35.0, 43.5, 37.0};
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul", "q-sinjar"}));
  q = {};
  q.near = EventQuery::Circle{36.34, 43.13, 10};  // 10 km around Mosul
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul"}));
  q.near->radius_km = 120;  // Sinjar is 104 km away
  EXPECT_EQ(Ids(*store, q), (V{"q-mosul", "q-sinjar"}));
  q = {};
  q.limit = 1;
  q.offset = 1;
  EXPECT_EQ(Ids(*store, q), (V{"q-sinjar"}));
  q = {};
  q.date_from = "May 2022";
  EXPECT_FALSE(store->QueryEvents(q, [](const Event&) { return true; }).ok());

  auto stats = store->Stats({});
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 3);
  EXPECT_EQ(stats->articles, 3);
  EXPECT_EQ(stats->fatalities, 9);
  EXPECT_EQ(stats->by_event_type[0], (std::pair<std::string, int64_t>{"Battles", 2}));
  EXPECT_EQ(stats->by_day.size(), 3u);
  EXPECT_EQ(stats->by_admin1[0].first, "Iraq|Nineveh");
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(
      stats->by_day_type,
      (Counts{{"2022-05-01|Battles", 1}, {"2022-05-03|Battles", 1}, {"2022-05-05|Protests", 1}}));
  q = {};
  q.countries = {"Syria"};
  stats = store->Stats(q);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->by_day_type, (Counts{{"2022-05-05|Protests", 1}}));

  // Boxes and circles across the antimeridian (PostgreSQL searches its spatial index with
  // two envelopes), and an undated event, which sorts first in both back ends.
  Event suva =
      Elsewhere(MakeEvent("q-suva", "2022-05-07", "q4"), "Suva", -18.14, 178.44, "Central");
  suva.country = "Fiji";
  Event undated = Elsewhere(MakeEvent("q-undated", "", "q5"), "Suva", -18.14, 178.44, "Central");
  undated.country = "Fiji";
  undated.date_precision.clear();
  ASSERT_TRUE(store->PutArticle(MakeArticle("q4", "4"), {suva}).ok());
  ASSERT_TRUE(store->PutArticle(MakeArticle("q5", "5"), {undated}).ok());
  q = {};
  EXPECT_EQ(Ids(*store, q), (V{"q-undated", "q-mosul", "q-sinjar", "q-dam", "q-suva"}));
  q.limit = 2;
  EXPECT_EQ(Ids(*store, q), (V{"q-undated", "q-mosul"}));
  q = {};
  q.bbox = EventQuery::Box{170.0, -25.0, -170.0, -10.0};
  EXPECT_EQ(Ids(*store, q), (V{"q-undated", "q-suva"}));
  q.bbox = EventQuery::Box{-170.0, -25.0, 170.0, -10.0};  // the rest of the world's longitudes
  EXPECT_EQ(Ids(*store, q), V{});
  q = {};
  q.near = EventQuery::Circle{-18.0, -179.9, 200};  // Suva is 176 km away, across 180°
  EXPECT_EQ(Ids(*store, q), (V{"q-undated", "q-suva"}));
  q.near->radius_km = 150;
  EXPECT_EQ(Ids(*store, q), V{});
}

TEST_P(StoreTest, ArticlesStateAndChanges) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article a = MakeArticle("art", "Clashes in Mosul killed three.");
  a.title = "Clashes";
  a.url = "https://example.org/1";
  ASSERT_TRUE(store->PutArticle(a, {MakeEvent("art-ev", "2022-05-01", "art")}).ok());
  auto got = store->GetArticle("art");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(*got);
  EXPECT_EQ((*got)->article.text, a.text);
  EXPECT_EQ((*got)->article.title, "Clashes");
  EXPECT_EQ((*got)->event_ids, (std::vector<std::string>{"art-ev"}));
  EXPECT_FALSE(*store->GetArticle("nope"));

  EXPECT_FALSE(*store->GetState("cursor"));
  ASSERT_TRUE(store->SetState("cursor", "42").ok());
  ASSERT_TRUE(store->SetState("cursor", "43").ok());
  EXPECT_EQ(**store->GetState("cursor"), "43");

  std::vector<std::string> changes;
  ASSERT_TRUE(store
                  ->Changes(0,
                            [&](const EventChange& c) {
                              changes.push_back(std::string(EventChangeKindName(c.kind)) + " " +
                                                c.event_id);
                              EXPECT_TRUE(c.event.has_value());
                              return true;
                            })
                  .ok());
  EXPECT_EQ(changes, (std::vector<std::string>{"new art-ev"}));
  changes.clear();
  ASSERT_TRUE(store
                  ->Changes(INT64_MAX,
                            [&](const EventChange& c) {
                              changes.push_back(c.event_id);
                              return true;
                            })
                  .ok());
  EXPECT_TRUE(changes.empty());
}

TEST_P(StoreTest, MergeOffKeepsEveryReport) {
  StoreOptions options;
  options.merge = false;
  auto store = Open(options);
  ASSERT_TRUE(store);
  ASSERT_TRUE(
      store->PutArticle(MakeArticle("a", "a"), {MakeEvent("a-ev", "2022-05-01", "a")}).ok());
  ASSERT_TRUE(
      store->PutArticle(MakeArticle("b", "b"), {MakeEvent("b-ev", "2022-05-01", "b")}).ok());
  EXPECT_EQ(Ids(*store), (std::vector<std::string>{"a-ev", "b-ev"}));
}

TEST_P(StoreTest, BatchCommitsManyArticles) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->BeginBatch().ok());
  for (int i = 0; i < 200; ++i) {
    std::string id = "art" + std::to_string(i);
    Event e = MakeEvent("ev" + std::to_string(i), "2022-02-02", id);
    e.latitude = 30.0 + i * 0.1;  // 200 places 11 km apart: no merging
    ASSERT_TRUE(store->PutArticle(MakeArticle(id, "t" + id), {e}).ok());
  }
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_EQ(*store->CountEvents(), 200);
  EXPECT_EQ(*store->CountArticles(), 200);
}

TEST_P(StoreTest, ArticleWithoutIdUsesTextHash) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article a = MakeArticle("", "anonymous text");
  ASSERT_TRUE(store->PutArticle(a, {}).ok());
  ASSERT_TRUE(store->PutArticle(a, {}).ok());
  EXPECT_EQ(*store->CountArticles(), 1);
  EXPECT_EQ(*store->CountEvents(), 0);
}

TEST_P(StoreTest, StrangeTextIsStoredSafely) {
  auto store = Open();
  ASSERT_TRUE(store);
  Event e = MakeEvent("q'uote\"", "2022-03-03", "x'); DROP TABLE events;--");
  e.notes = std::string("nul\0byte and \xff invalid", 22);
  ASSERT_TRUE(store->PutArticle(MakeArticle("x'); DROP TABLE events;--", "t"), {e}).ok());
  auto all = store->AllEvents();
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].event_id, "q'uote\"");
  EventQuery q;
  q.text = "x'); drop table";  // a literal, not SQL
  EXPECT_EQ(Ids(*store, q).size(), 1u);
  q.text = "%";
  EXPECT_EQ(Ids(*store, q).size(), 0u);
}

TEST_P(StoreTest, ReadOnlyNeverCreates) {
  StoreOptions ro;
  ro.read_only = true;
  if (GetParam() == "sqlite") {
    auto missing = Store::Open((dir_ / "missing.sqlite").string(), ro);
    EXPECT_FALSE(missing.ok());
    EXPECT_FALSE(fs::exists(dir_ / "missing.sqlite"));
    std::ofstream(location_).flush();  // an empty file
  }
  auto empty = Store::Open(location_, ro);  // nothing created yet
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("not a sitrep store"), std::string::npos)
      << empty.status().message();
  ASSERT_TRUE(Open());
  EXPECT_TRUE(Store::Open(location_, ro).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sitrep_sqlite_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "events.sqlite").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, ErrorsNameThePath) {
  std::string missing_dir = (dir_ / "no" / "such" / "dir" / "x.sqlite").string();
  auto bad = Store::Open(missing_dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(missing_dir), std::string::npos) << bad.status().message();
  std::string not_db = (dir_ / "garbage.sqlite").string();
  std::ofstream(not_db) << std::string(4096, 'z');
  auto garbage = Store::Open(not_db);
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find(not_db), std::string::npos);
}

TEST_F(SqliteStoreTest, ManyProcessesCreateOneStoreAtOnce) {
  constexpr int kProcesses = 24;
  std::vector<pid_t> children;
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  for (int i = 0; i < kProcesses; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      char c;
      ::close(go[1]);
      (void)!::read(go[0], &c, 1);  // all start together
      auto store = Store::Open(path_);
      if (!store.ok()) {
        std::fprintf(stderr, "child %d: %s\n", i, store.status().message().c_str());
        ::_exit(1);
      }
      std::string a = "a" + std::to_string(i);
      Event e = Elsewhere(MakeEvent("e" + std::to_string(i), "2022-01-01", a), "P", 30.0 + i, 40.0);
      auto put = (*store)->PutArticle(MakeArticle(a, "t"), {e});
      if (!put.ok()) {
        std::fprintf(stderr, "child %d: %s\n", i, put.status().message().c_str());
        ::_exit(2);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  ::close(go[0]);
  ::close(go[1]);  // EOF releases every child at once
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child exit " << status;
  }
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->CountEvents(), kProcesses);
}

}  // namespace
}  // namespace sitrep
