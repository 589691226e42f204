// Linking entries to the admin areas that contain them, after every source is read:
// GeoNames codes, the village layer's region and district names, Syrian sub-districts by
// nearest centre, and admin areas placed at their capitals (ACLED's rule).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "geo/builder.h"

namespace sitrep::geo::internal {
namespace {

// Admin areas by name within a parent (a country for admin1, an admin1 for admin2):
// the loose key first, then the consonant skeleton when it names one area only.
class AdminNames {
 public:
  void Add(const std::string& parent, std::string_view name, int idx) {
    std::string loose, skeleton;
    FoldPlaceKeys(name, &loose, &skeleton);
    if (!loose.empty()) loose_.emplace(parent + '\t' + loose, idx);
    if (!skeleton.empty()) {
      auto [it, inserted] = skeleton_.emplace(parent + '\t' + skeleton, idx);
      if (!inserted && it->second != idx) it->second = -1;  // ambiguous
    }
  }
  int Find(const std::string& parent, std::string_view name) const {
    std::string loose, skeleton;
    FoldPlaceKeys(name, &loose, &skeleton);
    if (auto it = loose_.find(parent + '\t' + loose); it != loose_.end()) return it->second;
    if (auto it = skeleton_.find(parent + '\t' + skeleton); it != skeleton_.end())
      return it->second;
    return -1;
  }

 private:
  std::unordered_map<std::string, int> loose_, skeleton_;
};

}  // namespace

void Builder::Finish() {
  LinkCodes();
  LinkSyrianSubdistricts();
  LinkVillageAdmins();
  PlaceAdminsAtCapitals();
}

void Builder::LinkCodes() {
  for (auto& p : places_) {
    if (p.level == Level::kCountry || p.cc.empty()) continue;
    if (p.admin1 < 0 && !p.a1code.empty() && p.level != Level::kAdmin1) {
      auto it = admin1_by_code_.find(p.cc + "." + p.a1code);
      if (it != admin1_by_code_.end()) p.admin1 = it->second;
    }
    if (p.admin2 < 0 && !p.a2code.empty() && p.level >= Level::kAdmin3) {
      auto it = admin2_by_code_.find(p.cc + "." + p.a1code + "." + p.a2code);
      if (it != admin2_by_code_.end()) p.admin2 = it->second;
    }
  }
  // Entries with GeoNames ADM rows get linked to themselves at their level.
  for (size_t i = 0; i < places_.size(); ++i) {
    auto& p = places_[i];
    if (p.level == Level::kAdmin1) p.admin1 = static_cast<int>(i);
    if (p.level == Level::kAdmin2 && p.admin1 < 0 && !p.a1code.empty()) {
      auto it = admin1_by_code_.find(p.cc + "." + p.a1code);
      if (it != admin1_by_code_.end()) p.admin1 = it->second;
    }
    if (p.level == Level::kAdmin2) p.admin2 = static_cast<int>(i);
    if (p.level == Level::kAdmin3) p.admin3 = static_cast<int>(i);
  }
}

// Admin3 layer (OpenSyria sub-districts) without polygons: a locality inside a known
// admin1 but no admin2 takes the nearest sub-district centre of the same admin1.
void Builder::LinkSyrianSubdistricts() {
  std::unordered_map<int, std::vector<int>> admin3_by_admin1;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    if (p.level == Level::kAdmin3 && p.has_coord && p.admin1 >= 0) {
      admin3_by_admin1[p.admin1].push_back(static_cast<int>(i));
    }
  }
  for (auto& p : places_) {
    // Populated places only: a region or mountain range spans sub-districts.
    if (p.level != Level::kLocality || p.fclass != 'P' || p.admin2 >= 0 || p.admin1 < 0 ||
        !p.has_coord)
      continue;
    auto it = admin3_by_admin1.find(p.admin1);
    if (it == admin3_by_admin1.end()) continue;
    double best = 1e18;
    int best_idx = -1;
    for (int a3 : it->second) {
      const double d = DistanceKm(p.lat, p.lon, places_[a3].lat, places_[a3].lon);
      if (d < best) {
        best = d;
        best_idx = a3;
      }
    }
    if (best_idx >= 0 && best < 60) {
      p.admin3 = best_idx;
      p.admin2 = places_[best_idx].admin2;
    }
  }
}

// Village rows whose GeoNames codes do not join (stale admin1 codes: South Sudan's ten
// former states, Pakistan's FATA, "00" for unknown; admin2 codes are sparse) take the
// admin area named by their WOF region and county, matched by name inside the country
// and the admin1. Names that match nothing are reported once.
void Builder::LinkVillageAdmins() {
  AdminNames admin1s, admin2s;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    if (p.level == Level::kAdmin1) {
      for (const auto& n : p.names) {
        admin1s.Add(p.cc, n, static_cast<int>(i));
        if (std::string s = StripGenericWords(n); !s.empty())
          admin1s.Add(p.cc, s, static_cast<int>(i));
      }
    } else if (p.level == Level::kAdmin2 && p.admin1 >= 0) {
      const std::string parent = std::to_string(p.admin1);
      for (const auto& n : p.names) admin2s.Add(parent, n, static_cast<int>(i));
      for (const auto& n : p.names) {
        if (std::string s = StripGenericWords(n); !s.empty())
          admin2s.Add(parent, s, static_cast<int>(i));
      }
    }
  }
  std::map<std::string, size_t> unmatched;  // "CC region" -> villages
  for (auto& p : places_) {
    if (p.level != Level::kLocality) continue;
    if (p.admin1 < 0 && !p.region.empty()) {
      p.admin1 = admin1s.Find(p.cc, p.region);
      if (p.admin1 < 0) ++unmatched[p.cc + " region '" + p.region + "'"];
    }
    if (p.admin2 < 0 && p.admin1 >= 0 && !p.county.empty()) {
      p.admin2 = admin2s.Find(std::to_string(p.admin1), p.county);
    }
  }
  for (const auto& [what, n] : unmatched) {
    report_->notes.push_back(what + " names no admin1 of the country: " + std::to_string(n) +
                             " villages without admin1 (an alias in admin1_names.tsv links them)");
  }
}

void Builder::PlaceAdminsAtCapitals() {
  // Admin1 coordinates: the provincial capital (ACLED rule).
  std::unordered_map<int, int> capital_of;  // admin1 -> best PPLA/PPLC
  std::unordered_map<int, int> biggest_in;  // admin1 or admin2 -> most populous locality
  std::unordered_map<int, int> ppla2_of;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    if (p.level != Level::kLocality || !p.has_coord) continue;
    auto better = [&](std::unordered_map<int, int>& m, int key) {
      auto [it, inserted] = m.emplace(key, static_cast<int>(i));
      if (!inserted && places_[it->second].population < p.population) it->second = i;
    };
    if (p.admin1 >= 0) {
      if (p.fcode == "PPLA" || p.fcode == "PPLC") better(capital_of, p.admin1);
      better(biggest_in, p.admin1);
    }
    if (p.admin2 >= 0) {
      if (p.fcode == "PPLA2") better(ppla2_of, p.admin2);
      better(biggest_in, p.admin2);
    }
  }
  // Explicit capitals from admin1_names.tsv (e.g. Rural Damascus -> Damascus).
  std::unordered_map<int, std::string> capital_name;
  for (const auto& [code, o] : admin1_overrides_) {
    auto it = admin1_by_code_.find(code);
    if (it != admin1_by_code_.end() && !o.capital.empty()) capital_name[it->second] = o.capital;
  }
  for (size_t i = 0; i < places_.size(); ++i) {
    auto& p = places_[i];
    const int key = static_cast<int>(i);
    if (p.level == Level::kAdmin1) {
      int cap = -1;
      if (auto cn = capital_name.find(key); cn != capital_name.end()) {
        for (size_t j = 0; j < places_.size(); ++j) {
          const auto& q = places_[j];
          if (q.level == Level::kLocality && q.cc == p.cc && q.has_coord && q.name == cn->second &&
              (cap < 0 || places_[cap].population < q.population)) {
            cap = static_cast<int>(j);
          }
        }
      }
      if (cap < 0) {
        if (auto c = capital_of.find(key); c != capital_of.end()) cap = c->second;
      }
      if (cap < 0 && !p.has_coord) {
        if (auto c = biggest_in.find(key); c != biggest_in.end()) cap = c->second;
      }
      if (cap >= 0) {
        p.lat = places_[cap].lat;
        p.lon = places_[cap].lon;
        p.has_coord = true;
        p.coord_from_capital = true;
      }
    } else if (p.level == Level::kAdmin2 && !p.has_coord) {
      int src = -1;
      if (auto c = ppla2_of.find(key); c != ppla2_of.end())
        src = c->second;
      else if (auto b = biggest_in.find(key); b != biggest_in.end())
        src = b->second;
      if (src >= 0) {
        p.lat = places_[src].lat;
        p.lon = places_[src].lon;
        p.has_coord = true;
      } else if (p.admin1 >= 0 && places_[p.admin1].has_coord) {
        p.lat = places_[p.admin1].lat;
        p.lon = places_[p.admin1].lon;
        p.has_coord = true;
      }
    }
  }
  // Country coordinates: the capital.
  std::unordered_map<std::string, int> capital_of_country;
  for (size_t j = 0; j < places_.size(); ++j) {
    const auto& q = places_[j];
    if (q.fcode != "PPLC" || !q.has_coord) continue;
    auto [it, inserted] = capital_of_country.emplace(q.cc, static_cast<int>(j));
    if (!inserted && places_[it->second].population < q.population) it->second = j;
  }
  for (auto& c : countries_) {
    auto& cp = places_[c.place];
    if (cp.has_coord) continue;
    if (auto it = capital_of_country.find(c.iso2); it != capital_of_country.end()) {
      cp.lat = places_[it->second].lat;
      cp.lon = places_[it->second].lon;
      cp.has_coord = true;
    }
  }
  // Admin names get a generic-word-free variant too.
  for (auto& p : places_) {
    if (p.level == Level::kLocality || p.level == Level::kCountry) continue;
    const size_t n = p.names.size();
    for (size_t k = 0; k < n; ++k) {
      std::string s = StripGenericWords(p.names[k]);
      if (!s.empty()) AddName(&p, s);
    }
  }
}

}  // namespace sitrep::geo::internal
