// One driver for the extraction rule cases in tests/rules/*.jsonl: each line is a short text
// written for the test, and what must come out of it. A case is
//
//   {"case": "what the rule says", "text": "...", "published": "2021-03-10",
//    "events": [{"field": value, "field!": value_it_must_not_have, ...}, ...],
//    "explain_contains": "..."}
//
// "events" lists every event the text must give, in output order (so "events": [] says it
// gives none); each names only the fields that matter (SCHEMA.md names, compared as sitrep
// writes them in JSONL). A list value ("claims") must have as many elements as written, each
// compared the same way. Each case is a test of its own (RuleCases/Rules.Extract/<file>_<n>).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sitrep/sitrep.h"
#include "test_resources.h"

namespace sitrep {
namespace {

using nlohmann::json;

struct RuleCase {
  std::string file;
  int line = 0;
  json spec;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.file << ".jsonl:" << c.line; }

std::vector<RuleCase> LoadCases() {
  std::vector<RuleCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SITREP_SOURCE_DIR "/tests/rules"))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      RuleCase c{path.stem().string(), n, json::parse(line, nullptr, false)};
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

// Does `got` have what `want` asks of it? Explains the first difference in *why.
bool Matches(const json& want, const json& got, const std::string& where, std::string* why) {
  for (const auto& [key, value] : want.items()) {
    bool negated = !key.empty() && key.back() == '!';
    std::string field = negated ? key.substr(0, key.size() - 1) : key;
    const json& actual = got.contains(field) ? got.at(field) : json();
    if (negated) {
      if (actual == value) {
        *why = where + "." + field + " must not be " + value.dump();
        return false;
      }
      continue;
    }
    if (value.is_array() && actual.is_array() && !value.empty() && value.front().is_object()) {
      if (value.size() != actual.size()) {
        *why = where + "." + field + ": " + std::to_string(actual.size()) + " elements, want " +
               std::to_string(value.size()) + ": " + actual.dump();
        return false;
      }
      for (size_t i = 0; i < value.size(); ++i)
        if (!Matches(value[i], actual[i], where + "." + field + "[" + std::to_string(i) + "]", why))
          return false;
      continue;
    }
    if (actual != value) {
      *why = where + "." + field + " is " + actual.dump() + ", want " + value.dump();
      return false;
    }
  }
  return true;
}

class Rules : public ::testing::TestWithParam<RuleCase> {};

TEST_P(Rules, Extract) {
  const RuleCase& c = GetParam();
  const json& spec = c.spec;
  ASSERT_FALSE(spec.is_discarded()) << c.file << ":" << c.line << ": not JSON";
  ASSERT_TRUE(spec.contains("case") && spec.contains("text") && spec.contains("events"))
      << c.file << ":" << c.line << ": needs case, text and events";
  SCOPED_TRACE(c.file + ".jsonl:" + std::to_string(c.line) + ": " +
               spec["case"].get<std::string>());
  Article a{.id = "t",
            .text = spec["text"].get<std::string>(),
            .published = spec.value("published", std::string("2021-03-10")),
            .publisher = "Test Wire"};
  std::string explain;
  ExtractOptions options;
  if (spec.contains("explain_contains")) options.explain = &explain;
  auto r = Extract(a, testing_support::TestResources(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<json> got;
  for (const Event& e : *r) got.push_back(json::parse(ToJsonLine(e)));
  const json& want = spec["events"];
  std::string all;
  for (const auto& g : got) all += "\n  " + g.dump();
  ASSERT_EQ(got.size(), want.size()) << "events:" << all;
  for (size_t i = 0; i < want.size(); ++i) {
    std::string why;
    EXPECT_TRUE(Matches(want[i], got[i], "events[" + std::to_string(i) + "]", &why)) << why << all;
  }
  if (spec.contains("explain_contains"))
    EXPECT_NE(explain.find(spec["explain_contains"].get<std::string>()), std::string::npos)
        << explain;
}

INSTANTIATE_TEST_SUITE_P(RuleCases, Rules, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<RuleCase>& info) {
                           return info.param.file + "_" + std::to_string(info.param.line);
                         });

}  // namespace
}  // namespace sitrep
