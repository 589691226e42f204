#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "mentions/knowledge.h"
#include "unit/lexicon_run.h"

namespace sitrep::mentions {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<Token> toks;
  Tokenize(text, &toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.emplace_back(t.span.of(text));
  return out;
}

TEST(Tokenize, SplitsPunctuationKeepsInitialismsAndNumbers) {
  EXPECT_EQ(Words("U.S. forces killed 1,200 in al-Bab's centre."),
            (std::vector<std::string>{"U.S.", "forces", "killed", "1,200", "in", "al", "-", "Bab",
                                      "'", "s", "centre", "."}));
}

TEST(Lexicon, LongestMatchAndCaseSensitiveAcronyms) {
  text::Lexicon m(1);
  m.Add(0, "IS", 1);
  m.Add(0, "Islamic State", 2);
  m.Add(0, "Assad forces", 3);
  m.Add(0, "bomb*", 4);
  std::string text = "The Islamic State (IS) is said to have bombed Assad Forces.";
  EXPECT_EQ(text::harness::RunLexicon(m, text).Written(text),
            (std::vector<std::pair<std::string, uint32_t>>{
                {"Islamic State", 2}, {"IS", 1}, {"bombed", 4}, {"Assad Forces", 3}}));
}

TEST(Knowledge, LoadsShippedDictionaries) {
  auto k = Knowledge::Load(SITREP_SOURCE_DIR "/data");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_GT(k->actors.size(), 30u);
  // Every one of ACLED's 25 sub-event types has at least one trigger.
  std::set<SubEventType> subs;
  for (const auto& t : k->triggers) subs.insert(t.sub);
  EXPECT_EQ(subs.size(), kSubEventTypeCount);
}

TEST(Knowledge, BadDataFileNamesFileAndLine) {
  std::string dir = testing::TempDir() + "/bad_data";
  std::string cmd = "mkdir -p " + dir +
                    " && cp " SITREP_SOURCE_DIR "/data/*.tsv " SITREP_SOURCE_DIR "/data/*.txt " +
                    dir + " && printf 'Foo\\tnotanumber\\tfoo\\n' >> " + dir + "/actors.tsv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto k = Knowledge::Load(dir);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("actors.tsv:"), std::string::npos) << k.status().message();
  EXPECT_NE(k.status().message().find("inter"), std::string::npos);
}

TEST(Knowledge, ProvinceKindsAreWordsOfTheirClass) {
  auto k = Knowledge::Load(SITREP_SOURCE_DIR "/data");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  const auto& states = k->countries_by_province_kind.at("state");
  EXPECT_NE(std::find(states.begin(), states.end(), "NG"), states.end());
  EXPECT_EQ(std::find(states.begin(), states.end(), "PK"), states.end());

  std::string dir = testing::TempDir() + "/bad_kinds";
  std::string cmd = "rm -rf " + dir + " && mkdir -p " + dir +
                    " && cp " SITREP_SOURCE_DIR "/data/*.tsv " SITREP_SOURCE_DIR "/data/*.txt " +
                    dir + " && printf 'BJ\\tdepartment\\n' >> " + dir + "/province_kinds.tsv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto bad = Knowledge::Load(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("province_kinds.tsv:"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("department"), std::string::npos);
}

TEST(Knowledge, AHomeCountryMustBeACountry) {
  auto k = Knowledge::Load(SITREP_SOURCE_DIR "/data");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  bool shabaab = false;
  for (const auto& a : k->actors) shabaab |= a.canonical == "Al Shabaab" && a.home == "Somalia";
  EXPECT_TRUE(shabaab);

  std::string dir = testing::TempDir() + "/bad_home";
  std::string cmd = "rm -rf " + dir + " && mkdir -p " + dir +
                    " && cp " SITREP_SOURCE_DIR "/data/*.tsv " SITREP_SOURCE_DIR "/data/*.txt " +
                    dir + " && printf 'Lost Army\\t2\\tlost army\\t\\tAtlantis\\n' >> " + dir +
                    "/actors.tsv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto bad = Knowledge::Load(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("actors.tsv"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("Atlantis"), std::string::npos);
}

// A copy of data/ without the imported PETRARCH2 dictionaries: the curated lists alone.
std::string CuratedOnlyDataDir(const std::string& name) {
  std::string dir = testing::TempDir() + "/" + name;
  std::string cmd = "rm -rf " + dir + " && mkdir -p " + dir +
                    " && cp " SITREP_SOURCE_DIR "/data/*.tsv " SITREP_SOURCE_DIR "/data/*.txt " +
                    dir;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

// The kinds of phrase `lexicon` finds anywhere inside `phrase`.
std::set<size_t> KindsInside(const text::Lexicon& lexicon, std::string_view phrase) {
  const auto found = text::harness::RunLexicon(lexicon, phrase).found;
  std::set<size_t> kinds;
  for (size_t kind = 0; kind < found.size(); ++kind)
    if (!found[kind].empty()) kinds.insert(kind);
  return kinds;
}

std::vector<std::vector<std::string>> TsvRows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  Status st = ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    rows.emplace_back(f.begin(), f.end());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return rows;
}

TEST(Knowledge, LoadsTheImportedPetrarchDictionariesAfterTheCuratedOnes) {
  auto curated = Knowledge::Load(CuratedOnlyDataDir("curated_only"));
  auto full = Knowledge::Load(SITREP_SOURCE_DIR "/data");
  ASSERT_TRUE(curated.ok()) << curated.status().ToString();
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_GT(full->triggers.size(), curated->triggers.size() + 500);
  EXPECT_GT(full->actors.size(), curated->actors.size());
  // Curated entries keep their indices: the imported ones come after them.
  for (size_t i = 0; i < curated->triggers.size(); ++i) {
    EXPECT_EQ(full->triggers[i].sub, curated->triggers[i].sub);
    EXPECT_EQ(full->triggers[i].weight, curated->triggers[i].weight);
  }
  EXPECT_EQ(full->CrowdName(7), curated->CrowdName(7));
  // "bludgeoned" (CAMEO 182) is only in the imported verbs.
  EXPECT_EQ(KindsInside(curated->lexicon, "bludgeoned").count(kTriggerPhrase), 0u);
  EXPECT_EQ(KindsInside(full->lexicon, "bludgeoned").count(kTriggerPhrase), 1u);
}

// The importer (scripts/import_petrarch2.py) leaves out any phrase that would shadow a
// curated one; checked here with sitrep's own tokeniser and lexicon.
TEST(Knowledge, ImportedPhrasesNeverShadowCuratedOnes) {
  auto curated = Knowledge::Load(CuratedOnlyDataDir("curated_only_2"));
  ASSERT_TRUE(curated.ok()) << curated.status().ToString();
  const std::string dir = SITREP_SOURCE_DIR "/data/petrarch2";
  auto triggers = TsvRows(dir + "/triggers.tsv");
  ASSERT_GT(triggers.size(), 500u);
  for (const auto& row : triggers) {
    std::set<size_t> inside = KindsInside(curated->lexicon, row[0]);
    EXPECT_EQ(inside.count(kTriggerPhrase), 0u)
        << "imported trigger '" << row[0] << "' contains a curated trigger";
    EXPECT_EQ(inside.count(kActorPhrase), 0u)
        << "imported trigger '" << row[0] << "' contains a curated actor";
  }
  auto actors = TsvRows(dir + "/actors.tsv");
  ASSERT_GE(actors.size(), 5u);
  for (const auto& row : actors) {
    for (std::string_view alias : SplitString(row[2], '|')) {
      std::set<size_t> inside = KindsInside(curated->lexicon, alias);
      EXPECT_EQ(inside.count(kTriggerPhrase), 0u)
          << "imported alias '" << alias << "' contains a curated trigger";
      EXPECT_EQ(inside.count(kNationalityPhrase), 0u)
          << "imported alias '" << alias << "' contains a nationality word";
    }
  }
}

TEST(Knowledge, BadImportedFileNamesFileAndLine) {
  std::string dir = CuratedOnlyDataDir("bad_imported");
  std::string cmd = "mkdir -p " + dir +
                    "/petrarch2 && cp " SITREP_SOURCE_DIR "/data/petrarch2/actors.tsv " + dir +
                    "/petrarch2/ && printf "
                    "'bash*\\tBattles\\tArmed clash\\theavy\\n' > " +
                    dir + "/petrarch2/triggers.tsv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto k = Knowledge::Load(dir);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("petrarch2/triggers.tsv:1"), std::string::npos)
      << k.status().message();
  EXPECT_NE(k.status().message().find("weight"), std::string::npos) << k.status().message();
}

TEST(Knowledge, PhraseListedTwiceWithTwoSubTypesIsAnError) {
  std::string dir = CuratedOnlyDataDir("twice_listed");
  std::string cmd = "mkdir -p " + dir +
                    "/petrarch2 && cp " SITREP_SOURCE_DIR "/data/petrarch2/actors.tsv " + dir +
                    "/petrarch2/ && printf "
                    "'road closure\\tStrategic developments\\tOther\\t3\\n"
                    "road closure\\tStrategic developments\\tChange to group/activity\\t4\\n' > " +
                    dir + "/petrarch2/triggers.tsv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto k = Knowledge::Load(dir);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("petrarch2/triggers.tsv:2"), std::string::npos)
      << k.status().message();
  EXPECT_NE(k.status().message().find("'road closure' is listed again"), std::string::npos)
      << k.status().message();
}

}  // namespace
}  // namespace sitrep::mentions
