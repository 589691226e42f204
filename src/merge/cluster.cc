// Reports -> incidents (docs/merge.md, "How reports group"). Candidate pairs come from
// blocks (country and province) and date ranges; the pairs that CompareReports accepts
// are joined best first, and two groups join only when every report of one matches every
// report of the other (complete linkage), so a chain A~B~C never pulls A and C together.
// Ties are broken by report id: the result is a function of the set of reports.
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
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

namespace {

struct Node {
  std::vector<size_t> members;
  std::set<std::string> articles;
  size_t rep = 0;  // the member with the smallest id
};

bool Disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& x : a)
    if (b.count(x)) return false;
  return true;
}

}  // namespace

std::vector<std::vector<size_t>> ClusterReports(const std::vector<Event>& reports,
                                                const MergeOptions& options) {
  const size_t n = reports.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return reports[a].event_id < reports[b].event_id; });
  // Nodes: reports alike that the rule would merge with each other, from different articles.
  std::vector<Node> nodes;
  std::map<std::string, std::vector<size_t>> by_signature;  // -> node indices
  for (size_t i : order) {
    const Event& r = reports[i];
    Event twin = r;
    twin.article_ids = {"\x01twin"};
    const bool collapsible = CompareReports(r, twin, options).same;
    std::set<std::string> articles(r.article_ids.begin(), r.article_ids.end());
    size_t* home = nullptr;
    auto& same = by_signature[collapsible ? merge::Signature(r) : "\x01" + r.event_id];
    for (size_t& k : same)
      if (Disjoint(nodes[k].articles, articles)) {
        home = &k;
        break;
      }
    if (!home) {
      nodes.push_back({{}, {}, i});
      same.push_back(nodes.size() - 1);
      home = &same.back();
    }
    Node& node = nodes[*home];
    node.members.push_back(i);
    node.articles.insert(articles.begin(), articles.end());
  }
  const size_t m = nodes.size();
  auto rep = [&](size_t k) -> const Event& { return reports[nodes[k].rep]; };

  // Candidate lookups: block -> date class -> sorted (key day, node).
  std::map<std::string, std::map<int, std::vector<std::pair<int64_t, size_t>>>> blocks;
  std::vector<merge::DateKey> keys(m);
  for (size_t k = 0; k < m; ++k) {
    keys[k] = merge::KeyOf(rep(k));
    std::string block = MergeBlockKey(rep(k));
    if (block.empty() || keys[k].cls == merge::DateClass::kNone) continue;
    blocks[block][static_cast<int>(keys[k].cls)].push_back({keys[k].day, k});
  }
  for (auto& [block, classes] : blocks)
    for (auto& [cls, v] : classes) std::sort(v.begin(), v.end());

  std::vector<Pair> pairs;
  std::unordered_set<uint64_t> compatible;
  std::vector<std::vector<size_t>> partners(m);
  for (size_t i = 0; i < m; ++i) {
    auto it = blocks.find(MergeBlockKey(rep(i)));
    if (it == blocks.end() || keys[i].cls == merge::DateClass::kNone) continue;
    for (auto& [cls, v] : it->second) {
      int64_t lo, hi;
      if (!merge::CandidateRange(keys[i], static_cast<merge::DateClass>(cls), &lo, &hi)) continue;
      auto first = std::lower_bound(v.begin(), v.end(), std::make_pair(lo, size_t{0}));
      for (auto c = first; c != v.end() && c->first <= hi; ++c) {
        const size_t j = c->second;
        if (j <= i || !Disjoint(nodes[i].articles, nodes[j].articles)) continue;
        MergeVerdict verdict = CompareReports(rep(i), rep(j), options);
        if (!verdict.same) continue;
        pairs.push_back({verdict.score, i, j});
        compatible.insert(PairKey(i, j));
        partners[i].push_back(j);
        partners[j].push_back(i);
      }
    }
  }

  std::vector<bool> ambiguous(m, false);
  for (size_t r = 0; r < m; ++r) {
    if (!Vague(rep(r))) continue;
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
    const auto kx = std::minmax(rep(x.a).event_id, rep(x.b).event_id);
    const auto ky = std::minmax(rep(y.a).event_id, rep(y.b).event_id);
    return kx < ky;
  });
  std::vector<size_t> group(m);
  std::iota(group.begin(), group.end(), 0);
  std::vector<std::vector<size_t>> members(m);
  for (size_t i = 0; i < m; ++i) members[i] = {i};
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
  for (auto& g : members) {
    if (g.empty()) continue;
    std::vector<size_t> reports_of_group;
    for (size_t k : g)
      reports_of_group.insert(reports_of_group.end(), nodes[k].members.begin(),
                              nodes[k].members.end());
    std::sort(reports_of_group.begin(), reports_of_group.end());
    out.push_back(std::move(reports_of_group));
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
