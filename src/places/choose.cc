#include "places/choose.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sitrep::places {
namespace {

// A place named in the same sentence pulls the candidates within this distance, by up to
// this much ("between Namer and Kherbet Ghazalaeh": two villages 7 km apart).
constexpr double kSentenceKm = 50.0;
constexpr double kSentenceBonus = 2.0;
// A village this close to another place of the article is where the article is.
constexpr double kArticleKm = 60.0;

double NearestKm(std::span<const std::pair<double, double>> points, const geo::Place& p) {
  double best = 1e9;
  for (const auto& [lat, lon] : points)
    best = std::min(best, geo::DistanceKm(lat, lon, p.latitude, p.longitude));
  return best;
}

bool InNamedProvince(const geo::Place& p, const MentionEvidence& evidence) {
  return !p.admin1.empty() && std::find(evidence.provinces.begin(), evidence.provinces.end(),
                                        p.admin1) != evidence.provinces.end();
}

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f km", km);
  return buf;
}

std::string Describe(const geo::Place& p) {
  std::string s = p.name;
  if (!p.admin2.empty()) s += ", " + p.admin2;
  if (!p.admin1.empty()) s += ", " + p.admin1;
  return s;
}

}  // namespace

Choice ChooseCandidate(std::vector<geo::Candidate>* candidates, const MentionEvidence& evidence,
                       bool final_pass) {
  Choice out;
  auto& cands = *candidates;
  // "attacked the village of Kwall": a village the gazetteer lacks is no city or province
  // of a similar spelling (Kiel).
  if (evidence.village_cue)
    std::erase_if(cands, [](const geo::Candidate& c) {
      return !c.exact && (c.place.level != geo::Level::kLocality || c.place.population >= 50000);
    });
  if (cands.empty()) return out;
  if (!evidence.same_sentence.empty()) {
    for (auto& c : cands) {
      const double d = NearestKm(evidence.same_sentence, c.place);
      if (d >= kSentenceKm) continue;
      const double bonus = kSentenceBonus * (1.0 - d / kSentenceKm);
      c.score += bonus;
      char buf[96];
      std::snprintf(buf, sizeof(buf), "; %s from a place of the same sentence +%.1f", Km(d).c_str(),
                    bonus);
      c.why += buf;
    }
    // (Lookup's candidates come best first: without a bonus there is nothing to move.)
    auto by_score = [](const geo::Candidate& a, const geo::Candidate& b) {
      return a.score > b.score;
    };
    if (!std::is_sorted(cands.begin(), cands.end(), by_score))
      std::stable_sort(cands.begin(), cands.end(), by_score);
  }
  const geo::Place& best = cands.front().place;
  if (!best.village) {
    out.verdict = Verdict::kAccept;
    return out;
  }
  // A village needs the text to present the name as a place: a cue, a preposition of
  // place, a province of the article around it, or another place of the article nearby.
  const bool supported = evidence.locality_cue || evidence.near || evidence.site_preposition ||
                         InNamedProvince(best, evidence) ||
                         NearestKm(evidence.article, best) < kArticleKm;
  if (!supported) {
    out.verdict = final_pass ? Verdict::kUnsupported : Verdict::kDefer;
    out.why = "village " + Describe(best) + " not taken: the text does not present the name " +
              "as a place";
    return out;
  }
  // Namesakes that score within the margin and lie far from the winner: the context does
  // not tell them apart.
  std::vector<size_t> rivals;
  for (size_t i = 1; i < cands.size(); ++i) {
    const geo::Place& p = cands[i].place;
    if (cands[i].score < cands.front().score - kDecisiveMargin) break;
    // A district named after its town contains it rather than rivals it.
    if (p.level != geo::Level::kLocality) continue;
    // A place of the very spelling is not rivalled by one of a similar spelling ("Kafr Nabl"
    // is Kafranbel's, not Kafr Nobol's).
    if (cands.front().exact && !cands[i].exact) continue;
    if (geo::DistanceKm(best.latitude, best.longitude, p.latitude, p.longitude) > kSamePlaceKm)
      rivals.push_back(i);
  }
  if (rivals.empty()) {
    out.verdict = Verdict::kAccept;
    return out;
  }
  if (!final_pass) {
    out.verdict = Verdict::kDefer;
    return out;
  }
  out.verdict = Verdict::kAmbiguous;
  out.why = std::to_string(rivals.size() + 1) + " places of that name fit: " + Describe(best);
  bool shared = !best.admin1.empty();
  for (size_t i : rivals) {
    const geo::Place& p = cands[i].place;
    out.why += "; " + Describe(p) + " (" +
               Km(geo::DistanceKm(best.latitude, best.longitude, p.latitude, p.longitude)) + ")";
    shared = shared && p.admin1 == best.admin1 && p.country_code == best.country_code;
  }
  if (shared) {
    out.common_admin1 = best.admin1;
    out.common_country_code = best.country_code;
    out.why += "; the context does not decide: placed in " + best.admin1;
  } else {
    out.why += "; the context does not decide";
  }
  return out;
}

}  // namespace sitrep::places
