#include "store/store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sitrep_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "events.sqlite").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string path_;
};

Article MakeArticle(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.text = text;
  a.published = "2022-05-02";
  a.publisher = "Test Wire";
  return a;
}

Event MakeEvent(const std::string& id, const std::string& date, const std::string& article) {
  Event e;
  e.event_id = id;
  e.article_ids = {article};
  e.event_date = date;
  e.date_precision = "day";
  e.event_type = "Battles";
  e.sub_event_type = "Armed clash";
  e.country = "Iraq";
  e.location = "Mosul";
  e.latitude = 36.335;
  e.longitude = 43.11889;
  e.fatalities = 3;
  return e;
}

TEST_F(StoreTest, ReingestingSameArticleDoesNotDuplicate) {
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Article a = MakeArticle("a1", "Fighting was reported near the city.");
  std::vector<Event> events = {MakeEvent("e2", "2022-05-01", "a1"),
                               MakeEvent("e1", "2022-05-01", "a1")};
  ASSERT_TRUE((*store)->PutArticle(a, events).ok());
  ASSERT_TRUE((*store)->PutArticle(a, events).ok());
  EXPECT_EQ(*(*store)->CountEvents(), 2);
  EXPECT_EQ(*(*store)->CountArticles(), 1);

  auto all = (*store)->AllEvents();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].event_id, "e1");  // sorted by (date, id)
  EXPECT_GT((*all)[0].timestamp, 0);
  EXPECT_EQ((*all)[0].fatalities, 3);
  EXPECT_EQ((*all)[0].latitude, 36.335);
}

TEST_F(StoreTest, ReopeningKeepsDataAndReplacesArticleEvents) {
  Article a = MakeArticle("a1", "text one");
  Article b = MakeArticle("b1", "text two");
  {
    auto store = SqliteStore::Open(path_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->PutArticle(a, {MakeEvent("old", "2022-01-01", "a1"),
                                     MakeEvent("shared", "2022-01-02", "a1")})
                    .ok());
    ASSERT_TRUE((*store)->PutArticle(b, {MakeEvent("shared", "2022-01-02", "b1")}).ok());
  }
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->CountEvents(), 2);
  // The article now reports something else: its old-only event goes, the shared one stays.
  ASSERT_TRUE((*store)->PutArticle(a, {MakeEvent("new", "2022-01-03", "a1")}).ok());
  auto all = (*store)->AllEvents();
  ASSERT_TRUE(all.ok());
  std::vector<std::string> ids;
  for (const Event& e : *all) ids.push_back(e.event_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"shared", "new"}));
}

TEST_F(StoreTest, BatchCommitsManyArticles) {
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->BeginBatch().ok());
  for (int i = 0; i < 200; ++i) {
    std::string id = "art" + std::to_string(i);
    ASSERT_TRUE((*store)
                    ->PutArticle(MakeArticle(id, "t" + id),
                                 {MakeEvent("ev" + std::to_string(i), "2022-02-02", id)})
                    .ok());
  }
  ASSERT_TRUE((*store)->CommitBatch().ok());
  EXPECT_EQ(*(*store)->CountEvents(), 200);
  EXPECT_EQ(*(*store)->CountArticles(), 200);
}

TEST_F(StoreTest, ArticleWithoutIdUsesTextHash) {
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  Article a = MakeArticle("", "anonymous text");
  ASSERT_TRUE((*store)->PutArticle(a, {}).ok());
  ASSERT_TRUE((*store)->PutArticle(a, {}).ok());
  EXPECT_EQ(*(*store)->CountArticles(), 1);
  EXPECT_EQ(*(*store)->CountEvents(), 0);
}

TEST_F(StoreTest, ErrorsNameThePath) {
  std::string missing_dir = (dir_ / "no" / "such" / "dir" / "x.sqlite").string();
  auto bad = SqliteStore::Open(missing_dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(missing_dir), std::string::npos) << bad.status().message();

  std::string not_db = (dir_ / "garbage.sqlite").string();
  std::ofstream(not_db) << std::string(4096, 'z');
  auto garbage = SqliteStore::Open(not_db);
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find(not_db), std::string::npos);
  EXPECT_EQ(garbage.status().code(), StatusCode::kIoError);
}

TEST_F(StoreTest, StrangeTextIsStoredSafely) {
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  Event e = MakeEvent("q'uote\"", "2022-03-03", "x'); DROP TABLE events;--");
  e.notes = std::string("nul\0byte and \xff invalid", 22);
  ASSERT_TRUE((*store)->PutArticle(MakeArticle("x'); DROP TABLE events;--", "t"), {e}).ok());
  auto all = (*store)->AllEvents();
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].event_id, "q'uote\"");
}

}  // namespace
}  // namespace sitrep::store

namespace sitrep::store {
namespace {
TEST_F(StoreTest, ManyProcessesCreateOneStoreAtOnce) {
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
      auto store = SqliteStore::Open(path_);
      if (!store.ok()) {
        std::fprintf(stderr, "child %d: %s\n", i, store.status().message().c_str());
        ::_exit(1);
      }
      Status st = (*store)->PutArticle(
          MakeArticle("a" + std::to_string(i), "t"),
          {MakeEvent("e" + std::to_string(i), "2022-01-01", "a" + std::to_string(i))});
      if (!st.ok()) {
        std::fprintf(stderr, "child %d: %s\n", i, st.message().c_str());
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
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->CountEvents(), kProcesses);
}
}  // namespace
}  // namespace sitrep::store
