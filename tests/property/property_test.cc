// Property test: every event sitrep extracts from the dev set, the ACLED rows and thousands
// of mutated articles satisfies the output contract (tests/property/invariants.h). The
// texts are read from ../shared at test time, never copied into the repository.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "property/invariants.h"
#include "sitrep/pipeline.h"
#include "sitrep/reader.h"
#include "test_resources.h"

namespace sitrep::testing {
namespace {

namespace fs = std::filesystem;

const Resources& Res() { return testing_support::TestResources(); }

std::vector<Article> ReadArticles(const std::string& path) {
  std::vector<Article> out;
  ArticleSink sink{[&](Article&& a) { out.push_back(std::move(a)); },
                   [](const Status& s) { ADD_FAILURE() << s.message(); }};
  Status st = ReadPath(path, {}, sink);
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

// Extracts every article and checks every event; returns the number of events.
size_t CheckAll(const std::vector<Article>& articles, std::vector<std::string>* problems,
                size_t* failed = nullptr) {
  size_t events = 0;
  for (const Article& a : articles) {
    auto result = Extract(a, Res());
    if (!result.ok()) {
      if (failed) ++*failed;
      continue;
    }
    events += result->size();
    for (std::string& p : CheckEvents(a, *result)) problems->push_back(std::move(p));
  }
  return events;
}

void Report(const std::vector<std::string>& problems, size_t events) {
  // SITREP_PROPERTY_REPORT=FILE appends every problem to FILE, for counting them by kind.
  if (const char* path = std::getenv("SITREP_PROPERTY_REPORT")) {
    std::ofstream out(path, std::ios::app);
    for (const std::string& p : problems) out << p << '\n';
  }
  std::string shown;
  for (size_t i = 0; i < problems.size() && i < 25; ++i) shown += "\n  " + problems[i];
  EXPECT_TRUE(problems.empty()) << problems.size() << " broken invariants in " << events
                                << " events:" << shown;
}

bool HaveShared() { return fs::exists(SITREP_SHARED_DIR "/devset/articles.jsonl"); }

TEST(Properties, DevSet) {
  if (!HaveShared()) GTEST_SKIP() << "../shared is absent";
  std::vector<std::string> problems;
  size_t events = CheckAll(ReadArticles(SITREP_SHARED_DIR "/devset/articles.jsonl"), &problems);
  EXPECT_GT(events, 30u);
  Report(problems, events);
}

TEST(Properties, AcledRows) {
  const std::string rows = SITREP_SHARED_DIR "/external/acled/acled_rows.csv";
  if (!fs::exists(rows)) GTEST_SKIP() << "../shared is absent";
  // ACLED's notes as articles, built at test time into a temporary directory.
  const fs::path tmp = fs::temp_directory_path() / ("sitrep_property_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const std::string cmd = "python3 " SITREP_SHARED_DIR "/eval/acled_to_gold.py '" + rows + "' '" +
                          tmp.string() + "' > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::vector<Article> articles = ReadArticles((tmp / "articles.jsonl").string());
  fs::remove_all(tmp);
  EXPECT_GT(articles.size(), 1000u);
  std::vector<std::string> problems;
  size_t events = CheckAll(articles, &problems);
  Report(problems, events);
}

// ---- Mutated articles --------------------------------------------------------------------

// Words and fragments that steer the stages: triggers, figures, dates, names, noise.
const char* const kFragments[] = {
    "killed", "wounded", "at least 12", "dozens of", "99999999999", "2,000,000,000", "one",
    "1 person was killed", "al-", "al-al-al-", "Abu", "on Monday", "last week", "yesterday",
    "on 19 December", "in 2019", "Islamic State", "the army", "police", "protesters",
    "civilians", "gunmen", "Unidentified", "shelling", "air strike", "a suicide bomber",
    "clashes between", "were arrested", "Aleppo", "Idlib", "Mosul", "Kabul", "Mogadishu",
    "Ouagadougou", "Caracas", "Cairo", "(", ")", "\"", ",", ".", "\n\n", " - ", "0", "-5",
    "\xd9\x82\xd8\xaa\xd9\x84", "\xe2\x80\xae", "\x1b[31m", "\t", "\xc2\xa0", "III",
    "between 5 and 7", "more than 300", "up to 9", "two soldiers and three civilians",
};

// A dev article changed by a few random edits, as a hostile or broken source might.
class Mutator {
 public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  Article Mutate(const std::vector<Article>& pool) {
    Article a = pool[Pick(pool.size())];
    a.id = "mutant-" + std::to_string(count_++);
    a.origin.clear();
    const size_t edits = 1 + Pick(6);
    for (size_t i = 0; i < edits; ++i) Edit(pool, &a);
    return a;
  }

 private:
  size_t Pick(size_t n) { return n == 0 ? 0 : rng_() % n; }

  // A position in the text on a UTF-8 boundary.
  size_t Boundary(const std::string& t) {
    size_t p = Pick(t.size() + 1);
    while (p < t.size() && (static_cast<unsigned char>(t[p]) & 0xC0) == 0x80) ++p;
    return p;
  }

  void Edit(const std::vector<Article>& pool, Article* a) {
    std::string& t = a->text;
    switch (Pick(10)) {
      case 0: {  // drop a stretch
        size_t b = Boundary(t), e = Boundary(t);
        if (b > e) std::swap(b, e);
        if (e - b < t.size()) t.erase(b, e - b);
        break;
      }
      case 1: {  // repeat a stretch
        size_t b = Boundary(t), e = Boundary(t);
        if (b > e) std::swap(b, e);
        std::string piece = t.substr(b, std::min<size_t>(e - b, 2000));
        for (size_t k = Pick(5) + 1; k > 0; --k) t.insert(Boundary(t), piece);
        break;
      }
      case 2:
      case 3:
      case 4: {  // insert fragments
        for (size_t k = Pick(8) + 1; k > 0; --k)
          t.insert(Boundary(t), std::string(" ") + kFragments[Pick(std::size(kFragments))] + " ");
        break;
      }
      case 5: {  // splice in another article
        const Article& other = pool[Pick(pool.size())];
        size_t from = Boundary(other.text);
        t.insert(Boundary(t), other.text.substr(from, 3000));
        break;
      }
      case 6: {  // another publication date, or none
        static const char* const kDates[] = {"",           "0001-01-01", "9999-12-31",
                                             "2019-02-28", "2020-02-29", "1970-01-01"};
        a->published = kDates[Pick(std::size(kDates))];
        break;
      }
      case 7: {  // replace digits by other figures
        for (char& c : t)
          if (IsDigit(c) && Pick(3) == 0) c = static_cast<char>('0' + Pick(10));
        break;
      }
      case 8: {  // case changes
        for (char& c : t)
          if (Pick(4) == 0) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        break;
      }
      default: {  // a long run of one fragment
        std::string run;
        const char* f = kFragments[Pick(std::size(kFragments))];
        for (size_t k = Pick(400) + 1; k > 0; --k) (run += f) += ' ';
        t.insert(Boundary(t), run);
        break;
      }
    }
    if (t.empty()) t = "x";
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  std::mt19937 rng_;
  size_t count_ = 0;
};

// The articles mutants are made from: the dev set (when ../shared is there) and our golden
// reports.
std::vector<Article> DevSetAndGoldenArticles() {
  std::vector<Article> pool;
  if (HaveShared()) pool = ReadArticles(SITREP_SHARED_DIR "/devset/articles.jsonl");
  for (const auto& entry : fs::recursive_directory_iterator(SITREP_SOURCE_DIR "/tests/golden"))
    if (entry.path().string().ends_with(".article.jsonl"))
      for (Article& a : ReadArticles(entry.path().string())) pool.push_back(std::move(a));
  return pool;
}

TEST(Properties, MutatedArticles) {
  const std::vector<Article> pool = DevSetAndGoldenArticles();
  ASSERT_GT(pool.size(), 20u);
  const char* env = std::getenv("SITREP_PROPERTY_MUTANTS");
  const size_t count = env ? std::strtoul(env, nullptr, 10) : 3000;
  Mutator mutator(20261129);
  std::vector<Article> mutants;
  for (size_t i = 0; i < count; ++i) mutants.push_back(mutator.Mutate(pool));
  std::vector<std::string> problems;
  size_t failed = 0;
  size_t events = CheckAll(mutants, &problems, &failed);
  EXPECT_GT(events, count / 2);
  EXPECT_LT(failed, count / 100) << "articles refused";
  Report(problems, events);
}

// A workspace carries buffers, never state, from one article to the next: extracting a run of
// varied articles (English and Arabic, mutated, one of them large) through one workspace gives
// the events of extracting each article on its own.
TEST(Properties, WorkspaceChangesNothing) {
  const std::vector<Article> pool = DevSetAndGoldenArticles();
  ASSERT_GT(pool.size(), 20u);
  Mutator mutator(20261130);
  std::vector<Article> run = pool;
  for (size_t i = 0; i < 300; ++i) run.push_back(mutator.Mutate(pool));
  Article large = pool[0];
  while (large.text.size() < (2u << 20))
    large.text += "\n\n" + pool[large.text.size() % pool.size()].text;
  run.insert(run.begin() + static_cast<std::ptrdiff_t>(run.size() / 2), large);
  auto lines = [](const Result<std::vector<Event>>& r) {
    std::string out = r.ok() ? "" : r.status().message();
    if (r.ok())
      for (const Event& e : *r) out += ToJsonLine(e);
    return out;
  };
  ExtractWorkspace workspace;
  ExtractOptions reuse;
  reuse.workspace = &workspace;
  size_t differ = 0;
  for (const Article& a : run)
    if (lines(Extract(a, Res(), reuse)) != lines(Extract(a, Res()))) ++differ;
  EXPECT_EQ(differ, 0u) << "of " << run.size() << " articles";
}

}  // namespace
}  // namespace sitrep::testing
