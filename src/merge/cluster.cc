// Reports -> incidents (docs/merge.md, "How reports group"). Candidate pairs come from
// blocks (country and province) and date ranges; the pairs that CompareReports accepts
// are joined best first, and two groups join only when every report of one matches every
// report of the other (complete linkage), so a chain A~B~C never pulls A and C together.
// Ties are broken by report id: the result is a function of the set of reports.
#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "merge/merge_internal.h"

namespace sitrep {

namespace {

struct Pair {
  double score;
  size_t a, b;  // a < b
};

uint64_t PairKey(size_t a, size_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b);
}

// A report that says little (only the province, or only the week) and fits two reports
// that are not one incident could belong to either: it stays on its own.
bool Vague(const Event& e) {
  return !merge::HasPlace(e) || e.geo_precision >= 3 || e.date_precision != "day";
}

}  // namespace

std::vector<std::vector<size_t>> ClusterReports(const std::vector<Event>& reports,
                                                const MergeOptions& options) {
  const size_t n = reports.size();
  // Candidate lookups: block -> date class -> sorted (key day, index).
  std::map<std::string, std::map<int, std::vector<std::pair<int64_t, size_t>>>> blocks;
  std::vector<merge::DateKey> keys(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = merge::KeyOf(reports[i]);
    std::string block = MergeBlockKey(reports[i]);
    if (block.empty() || keys[i].cls == merge::DateClass::kNone) continue;
    blocks[block][static_cast<int>(keys[i].cls)].push_back({keys[i].day, i});
  }
  for (auto& [block, classes] : blocks)
    for (auto& [cls, v] : classes) std::sort(v.begin(), v.end());

  std::vector<Pair> pairs;
  std::unordered_set<uint64_t> compatible;
  std::vector<std::vector<size_t>> partners(n);
  for (size_t i = 0; i < n; ++i) {
    std::string block = MergeBlockKey(reports[i]);
    auto it = blocks.find(block);
    if (it == blocks.end() || keys[i].cls == merge::DateClass::kNone) continue;
    for (auto& [cls, v] : it->second) {
      int64_t lo, hi;
      if (!merge::CandidateRange(keys[i], static_cast<merge::DateClass>(cls), &lo, &hi)) continue;
      auto first = std::lower_bound(v.begin(), v.end(), std::make_pair(lo, size_t{0}));
      for (auto c = first; c != v.end() && c->first <= hi; ++c) {
        const size_t j = c->second;
        if (j <= i) continue;  // each pair once
        MergeVerdict verdict = CompareReports(reports[i], reports[j], options);
        if (!verdict.same) continue;
        pairs.push_back({verdict.score, i, j});
        compatible.insert(PairKey(i, j));
        partners[i].push_back(j);
        partners[j].push_back(i);
      }
    }
  }

  std::vector<bool> ambiguous(n, false);
  for (size_t r = 0; r < n; ++r) {
    if (!Vague(reports[r])) continue;
    const auto& p = partners[r];
    for (size_t x = 0; x < p.size() && !ambiguous[r]; ++x)
      for (size_t y = x + 1; y < p.size(); ++y)
        if (!compatible.count(PairKey(p[x], p[y]))) {
          ambiguous[r] = true;
          break;
        }
  }

  // Best pairs first; equal scores in report-id order, never in input order.
  std::sort(pairs.begin(), pairs.end(), [&](const Pair& x, const Pair& y) {
    if (x.score != y.score) return x.score > y.score;
    const auto kx = std::minmax(reports[x.a].event_id, reports[x.b].event_id);
    const auto ky = std::minmax(reports[y.a].event_id, reports[y.b].event_id);
    return kx < ky;
  });
  std::vector<size_t> group(n);
  std::iota(group.begin(), group.end(), 0);
  std::vector<std::vector<size_t>> members(n);
  for (size_t i = 0; i < n; ++i) members[i] = {i};
  for (const Pair& p : pairs) {
    if (ambiguous[p.a] || ambiguous[p.b]) continue;
    size_t ga = group[p.a], gb = group[p.b];
    if (ga == gb) continue;
    bool all = true;
    for (size_t x : members[ga]) {
      for (size_t y : members[gb])
        if (!compatible.count(PairKey(x, y))) {
          all = false;
          break;
        }
      if (!all) break;
    }
    if (!all) continue;
    if (members[ga].size() < members[gb].size()) std::swap(ga, gb);
    for (size_t y : members[gb]) group[y] = ga;
    members[ga].insert(members[ga].end(), members[gb].begin(), members[gb].end());
    members[gb].clear();
  }
  std::vector<std::vector<size_t>> out;
  for (auto& m : members) {
    if (m.empty()) continue;
    std::sort(m.begin(), m.end());
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Event& IdHolder(const std::vector<const Event*>& reports) {
  return **std::min_element(reports.begin(), reports.end(), [](const Event* x, const Event* y) {
    // An unknown publication date sorts last.
    const bool xk = !x->published.empty(), yk = !y->published.empty();
    if (xk != yk) return xk;
    return std::tie(x->published, x->event_id) < std::tie(y->published, y->event_id);
  });
}

}  // namespace sitrep
