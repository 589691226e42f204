#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "mentions/knowledge.h"

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
  std::string lower = LowerAscii(text);
  std::vector<Token> toks;
  Tokenize(text, &toks);
  TokenKeys keys;
  ComputeTokenKeys(lower, toks, &keys);
  std::vector<uint32_t> ids;
  m.vocabulary().IdsOf(lower, toks, keys, &ids);
  std::vector<std::vector<PhraseMatch>> found;
  m.FindAll(text, lower, toks, keys, ids, &found);
  const std::vector<PhraseMatch>& out = found[0];
  std::vector<std::pair<std::string, uint32_t>> got;
  for (const auto& x : out)
    got.emplace_back(
        std::string(Span{toks[x.first_token].span.begin, toks[x.end_token - 1].span.end}.of(text)),
        x.payload);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, uint32_t>>{
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

}  // namespace
}  // namespace sitrep::mentions
