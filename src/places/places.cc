// Stage 5, places: finds the place names of a document (capitalised runs, names after an
// Arabic place word), reads what the text says of them (province, near, hospital, dateline,
// containment) and geocodes them (resolve.cc) with the article's own context: the countries
// it names (places, nationality words, state forces) and its provinces. Sets the article's
// country.
#include "places/places.h"

#include <algorithm>
#include <map>

#include "places/cut_names.h"
#include "places/geo_cache.h"
#include "places/names_over_mentions.h"
#include "places/resolve.h"

namespace sitrep::places {
namespace {

using mentions::MentionResources;

using mentions::CountryOfActor;
using mentions::CueEntry;
using mentions::CueRole;
using mentions::Document;
using mentions::kAllCaps;
using mentions::kArabic;
using mentions::kCapitalized;
using mentions::kDigit;
using mentions::kNewlineBefore;
using mentions::kSpaceBefore;
using mentions::kWord;
using mentions::PhraseMatch;
using mentions::PlaceMention;
using mentions::Token;

bool IsOneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  for (auto x : words)
    if (w == x) return true;
  return false;
}

// "ATM", "JaS", "CNDP": two or more capitals in a short word.
bool IsAcronym(std::string_view w) {
  if (w.size() < 2 || w.size() > 5) return false;
  int capitals = 0;
  for (char c : w) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    capitals += c >= 'A' && c <= 'Z';
  }
  return capitals >= 2;
}

class PlaceFinder {
 public:
  PlaceFinder(const MentionResources& res, Document* doc) : res_(res), doc_(*doc) {
    if (res_.gazetteer != nullptr) cache_.emplace(*res_.gazetteer);
  }

  void Run() {
    const auto& tokens = doc_.tokens;
    if (cache_) YieldNamesToPlaces(&*cache_, &doc_);
    covered_.assign(tokens.size(), false);
    for (const auto& a : doc_.actors)
      for (uint32_t t = a.b; t < a.e; ++t) covered_[t] = true;
    for (const auto& a : doc_.agencies)
      for (uint32_t t = a.b; t < a.e; ++t) covered_[t] = true;
    for (const auto& d : doc_.dates)
      for (uint32_t t = d.b; t < d.e; ++t) covered_[t] = true;
    IndexCues();
    IndexNationalities();
    std::vector<PlaceMention> chunks;
    for (size_t s = 0; s + 1 < doc_.sentence_begin.size(); ++s)
      FindChunks(doc_.sentence_begin[s], doc_.sentence_begin[s + 1], &chunks);
    if (cache_) ResolvePlaces(res_, nationality_counts_, &*cache_, &doc_, &chunks);
    CompleteCutName(doc_, &chunks);
    Relate(&chunks);
    PlaceNeighbourhoods(&chunks);
    doc_.places = std::move(chunks);
  }

 private:
  void IndexNationalities() {
    const std::vector<PhraseMatch>& matches = doc_.phrases[mentions::kNationalityPhrase];
    nationality_start_.assign(doc_.tokens.size() + 1, false);
    for (const auto& m : matches) {
      if (m.end_token == m.first_token + 1) nationality_start_[m.first_token] = true;
      // "the US dollar": an adjective that says nothing about where the article is.
      if (int cue = cue_after_[m.end_token];
          cue >= 0 && res_.knowledge->cues[cue].role == CueRole::kNotPlace)
        continue;
      ++nationality_counts_[m.payload];
    }
  }

  void IndexCues() {
    const std::vector<PhraseMatch>& matches = doc_.phrases[mentions::kCuePhrase];
    cue_before_.assign(doc_.tokens.size() + 1, -1);
    cue_after_.assign(doc_.tokens.size() + 1, -1);
    for (const auto& m : matches) {
      const CueEntry& c = res_.knowledge->cues[m.payload];
      // A title is written as a word ("Dr", "General"); in capitals it is a name's own part
      // ("DR Congo").
      if (c.role == CueRole::kPerson && m.end_token == m.first_token + 1 &&
          doc_.tokens[m.first_token].is(mentions::kAllCaps))
        continue;
      if (c.before) {
        uint32_t next = m.end_token;
        if (next < doc_.tokens.size() && doc_.LowerToken(next) == "the") ++next;
        // An Arabic name in quotes: "في بلدة “مليحة العطش”".
        if (next + 1 < doc_.tokens.size() && IsOneOf(doc_.TokenText(next), {"“", "\"", "«"}) &&
            doc_.tokens[next + 1].is(kArabic))
          ++next;
        cue_before_[next] = static_cast<int>(m.payload);
      } else {
        cue_after_[m.first_token] = static_cast<int>(m.payload);
      }
    }
  }

  bool StartsName(uint32_t t, uint32_t end) const {
    const Token& tok = doc_.tokens[t];
    if (covered_[t] || !tok.is(kWord)) return false;
    if (tok.is(kCapitalized) && !tok.is(kDigit)) return true;
    // "al-Qaramah", "el-Fasher"
    return t + 2 < end && doc_.TokenText(t + 1) == "-" && doc_.tokens[t + 2].is(kCapitalized) &&
           !covered_[t + 2] && doc_.Is(text::Word::kPlaceNameConnector, t);
  }

  // Arabic has no capitals: a name is read after a word that announces a place ("ببلدة
  // مليحة العطش", "بريف درعا"), up to three words, as long as the gazetteer knows it (or two
  // words for a village it does not know).
  bool IsArabicNameWord(uint32_t t) const {
    const Token& tok = doc_.tokens[t];
    if (!tok.is(kArabic) || covered_[t]) return false;
    // (Checked as written and without a joined clitic: "بلدة" starts with the letter of "ب".)
    const auto& stops = res_.knowledge->words.Entries(text::Word::kArabicNameStop);
    auto stop = [&](std::string_view w) {
      return std::find(stops.begin(), stops.end(), w) != stops.end();
    };
    std::string_view w = doc_.TokenText(t);
    if (stop(w)) return false;
    while (HasArabicClitic(w)) {
      w.remove_prefix(2);
      if (stop(w)) return false;
    }
    return true;
  }
  // The end of the Arabic name at `t`: the longest run of up to three words the gazetteer
  // knows as written, else two words when the second has the article ("مليحة العطش"), else
  // one. `known_only` (after "في"): a known name or none (`t`), and none when a word with the
  // article goes on with it, a longer name the gazetteer lacks ("مليحة العطش" is no "مليحة").
  uint32_t ArabicNameEnd(uint32_t t, uint32_t end, bool known_only) const {
    uint32_t e = t;
    while (e < end && e < t + 3 && IsArabicNameWord(e)) ++e;
    auto has_article = [&](uint32_t k) {
      return doc_.TokenText(k).size() > 4 && doc_.TokenText(k).substr(0, 4) == "\xD8\xA7\xD9\x84";
    };
    for (uint32_t k = e; res_.gazetteer != nullptr && k > t + (known_only ? 0 : 1); --k) {
      std::string_view name = doc_.TokenSpan(t, k).of(doc_.text);
      const auto& cands = cache_->LookupAnywhere(name, kWinnerOnly);
      if (cands.empty() || !cands.front().exact) continue;
      return known_only && k < e && has_article(k) ? t : k;
    }
    if (known_only) return t;
    return e > t + 1 && has_article(t + 1) ? t + 2 : t + 1;
  }

  void FindChunks(uint32_t begin, uint32_t end, std::vector<PlaceMention>* out) {
    uint32_t t = begin;
    while (t < end) {
      if (cue_before_[t] >= 0 && IsArabicNameWord(t)) {
        PlaceMention pm;
        pm.b = t;
        // After a word that only may announce a place ("في"), a name the gazetteer knows.
        if (res_.knowledge->cues[cue_before_[t]].role == CueRole::kSite) {
          pm.e = ArabicNameEnd(t, end, /*known_only=*/true);
          if (pm.e == t) {
            ++t;
            continue;
          }
        } else {
          pm.e = ArabicNameEnd(t, end, /*known_only=*/false);
        }
        t = pm.e;
        ApplyCues(&pm);
        if (person_) continue;
        pm.written = std::string(doc_.TokenSpan(pm.b, pm.e).of(doc_.text));
        out->push_back(std::move(pm));
        continue;
      }
      if (!StartsName(t, end)) {
        ++t;
        continue;
      }
      uint32_t b = t, e = t + 1;
      if (!doc_.tokens[t].is(kCapitalized)) e = t + 3;  // al - Name
      while (e < end) {
        const Token& next = doc_.tokens[e];
        if (covered_[e]) break;
        std::string_view nt = doc_.TokenText(e);
        bool glued = !next.is(kSpaceBefore);
        if ((nt == "-" || nt == "'") && glued && e + 1 < end &&
            !doc_.tokens[e + 1].is(kSpaceBefore) && doc_.tokens[e + 1].is(kWord) &&
            !covered_[e + 1] && !(nt == "'" && doc_.LowerToken(e + 1) == "s")) {
          e += 2;
          continue;
        }
        if (next.is(kWord) && next.is(kCapitalized) && !next.is(kDigit) &&
            !next.is(kNewlineBefore)) {
          ++e;
          continue;
        }
        if (next.is(kWord) && e + 2 < end && doc_.TokenText(e + 1) == "-" &&
            doc_.tokens[e + 2].is(kCapitalized) && doc_.Is(text::Word::kPlaceNameConnector, e)) {
          e += 3;
          continue;
        }
        // "Ras al Ain", "Rio de Janeiro", "Martinez de la Torre": one or two particles written
        // apart, inside one name.
        if (next.is(kWord) && doc_.Is(text::Word::kPlaceNameParticle, e)) {
          uint32_t n = e + 1;
          if (n < end && doc_.Is(text::Word::kPlaceNameParticle, n) &&
              !doc_.tokens[n].is(kCapitalized))
            ++n;
          if (n < end && doc_.tokens[n].is(kCapitalized) && !doc_.tokens[n].is(kDigit) &&
              !covered_[n]) {
            e = n + 1;
            continue;
          }
        }
        break;
      }
      t = e;
      // Strip leading function words ("The", "On"; not the "As" of "As-Sanamayn") and read
      // trailing kind words.
      while (b < e && doc_.Is(text::Word::kNameLeadWord, b) &&
             !(b + 1 < e && doc_.TokenText(b + 1) == "-" && !doc_.tokens[b + 1].is(kSpaceBefore)))
        ++b;
      PlaceMention pm;
      // "in East Syria", "North-West Syria": a part of a country, not a name of its own (as
      // "South Sudan" is): the country, with a direction.
      if (uint32_t k = b; cache_) {
        while (k < e && (doc_.Is(text::Word::kDirectionWord, k) || doc_.TokenText(k) == "-")) ++k;
        if (k > b && k < e && !cache_->FindCountry(doc_.TokenSpan(b, e).of(doc_.text)) &&
            cache_->FindCountry(doc_.TokenSpan(k, e).of(doc_.text))) {
          b = k;
          pm.direction = true;
        }
      }
      const uint32_t raw_end = e;  // before kind words are cut ("Kurdistan Region" -> "Kurdistan")
      // Title case: "In Rural Daraa" -> the cue word is inside the capitalised run.
      while (b + 1 < e && cue_before_[b + 1] >= 0 &&
             res_.knowledge->cues[cue_before_[b + 1]].role == CueRole::kProvince &&
             doc_.tokens[b].is(kCapitalized)) {
        ++b;
      }
      // Trailing words that say what the name is: "Borno State", "As-Sanamayn Hospital".
      while (e > b) {
        if (doc_.Is(text::Word::kProvinceSuffix, e - 1)) {
          pm.province = true;
          pm.kind = e - 1;
        } else if (doc_.Is(text::Word::kLocalitySuffix, e - 1))
          pm.locality_cue = true;
        else if (doc_.Is(text::Word::kHospitalSuffix, e - 1))
          pm.hospital = true;
        else
          break;
        --e;
      }
      if (b >= e) continue;
      // (Nor is a capitalised word that names armed men: "Rebels seized control of ..." had
      // found Robles, Argentina, by its spelling.)
      bool all_stop = true;
      for (uint32_t k = b; k < e && all_stop; ++k) {
        if (!doc_.tokens[k].is(kWord)) continue;
        if (!res_.knowledge->place_stopwords.count(doc_.LowerToken(k)) &&
            !doc_.Is(text::Word::kArmedPeople, k) && !doc_.Is(text::Word::kAgentNoun, k))
          all_stop = false;
      }
      if (all_stop) continue;
      // A nationality word ("Saudi-led", "Iraqi") is not a place.
      if (e - b == 1 && nationality_start_[b]) continue;
      // Nor is a short acronym ("ATM", "JaS", "NAS") unless the press writes it for a country
      // ("UAE", "US"; not any ISO code: "Bengaluru, KN" is Karnataka, not Saint Kitts), or a
      // run of them ("OSCE SMM"). (A dateline opens a paragraph in capitals: "ERBIL, ...".)
      bool all_acronyms = !doc_.tokens[b].is(kNewlineBefore);
      for (uint32_t k = b; k < e && all_acronyms; ++k)
        all_acronyms = !doc_.tokens[k].is(kWord) || IsAcronym(doc_.TokenText(k));
      if (all_acronyms && (e - b > 1 || !doc_.Is(text::Word::kCountryAbbreviation, b) ||
                           !(cache_ && cache_->FindCountry(doc_.TokenText(b)))))
        continue;
      // A title inside the name ("Information Minister Muammar Al-Eryani") makes it a person.
      bool titled = false;
      for (uint32_t k = b; k < e && !titled; ++k) {
        int cue = cue_before_[k + 1];
        titled = cue >= 0 && res_.knowledge->cues[cue].role == CueRole::kPerson;
      }
      // "Muammar Al-Eryani, the country's minister of information": an appositive title.
      if (!titled && e + 1 < end && doc_.TokenText(e) == ",") {
        for (uint32_t k = e + 1; k < std::min(end, e + 6) && !titled; ++k) {
          int cue = cue_before_[k + 1];
          titled = cue >= 0 && res_.knowledge->cues[cue].role == CueRole::kPerson;
        }
      }
      if (titled) continue;
      pm.b = b;
      pm.e = e;
      // A capitalised place name opening a paragraph, followed by a comma: a dateline.
      // "OUAGADOUGOU (AFP) -": a capitalised place, then an agency in parentheses.
      if (doc_.tokens[b].is(kNewlineBefore) && e + 2 < end && doc_.TokenText(e) == "(" &&
          doc_.At(doc_.agency_at, e + 1) >= 0)
        pm.dateline = true;
      pm.dateline = pm.dateline ||
                    (doc_.tokens[b].is(kNewlineBefore) && e < end && doc_.TokenText(e) == "," &&
                     (doc_.tokens[b].is(kAllCaps) || (doc_.At(doc_.date_at, e + 1) >= 0 &&
                                                      doc_.dates[doc_.date_at[e + 1]].dateline &&
                                                      doc_.dates[doc_.date_at[e + 1]].b == e + 1)));
      // "ABUJA - Gunmen killed ...": a name in capitals opening a paragraph, then a dash.
      if (doc_.tokens[b].is(kNewlineBefore) && doc_.tokens[b].is(kAllCaps) && e < end &&
          (doc_.TokenText(e) == "-" || doc_.TokenText(e) == "\u2013" ||
           doc_.TokenText(e) == "\u2014"))
        pm.dateline = true;
      // "BEIRUT, LEBANON (7:00 A.M.) -": the names that follow in capitals belong to it.
      if (!out->empty() && out->back().dateline && out->back().e + 1 == b &&
          doc_.TokenText(b - 1) == "," &&
          (doc_.tokens[b].is(kAllCaps) ||
           (raw_end < end && (doc_.TokenText(raw_end) == "(" || doc_.TokenText(raw_end) == "-"))))
        pm.dateline = true;
      ApplyCues(&pm);
      if (person_) continue;
      pm.written = std::string(doc_.TokenSpan(b, e).of(doc_.text));
      // "hospitals in Busra al-Sham and Izraa": the second name shares the first one's role.
      if (!out->empty() && b >= 2 && doc_.LowerToken(b - 1) == "and" && out->back().e + 1 == b) {
        pm.hospital |= out->back().hospital;
        pm.near |= out->back().near;
      }
      out->push_back(std::move(pm));
    }
  }

  void ApplyCues(PlaceMention* pm) {
    person_ = false;
    auto apply = [&](int cue) {
      if (cue < 0) return;
      switch (res_.knowledge->cues[cue].role) {
        case CueRole::kLocality:
          pm->locality_cue = true;
          break;
        case CueRole::kVillage:
          pm->locality_cue = pm->village_cue = true;
          break;
        case CueRole::kProvince:
          pm->province = true;
          break;
        case CueRole::kNear:
          pm->near = true;
          break;
        case CueRole::kHospital:
          pm->hospital = true;
          break;
        case CueRole::kPerson:
        case CueRole::kNotPlace:
          person_ = true;
          break;
        case CueRole::kSite:
          break;
      }
    };
    uint32_t b = pm->b;
    apply(cue_before_[b]);
    // "eastern rural Daraa", "north-eastern Daraa": direction words before the name.
    uint32_t k = b;
    while (k >= 1 && (doc_.Is(text::Word::kDirectionWord, k - 1) || doc_.TokenText(k - 1) == "-"))
      --k;
    if (k < b) {
      pm->direction = true;
      apply(cue_before_[k]);
    }
    apply(cue_after_[pm->e]);
    if (pm->province && pm->kind == 0 && pm->e < doc_.tokens.size() &&
        doc_.Is(text::Word::kProvinceSuffix, pm->e))
      pm->kind = pm->e;  // "Punjab province"
    // "between X and Y": Y is near too.
    if (b >= 2 && doc_.LowerToken(b - 1) == "and") {
      for (uint32_t k = b - 1; k > 0 && k + 8 > b; --k) {
        if (doc_.LowerToken(k - 1) == "between") {
          pm->near = true;
          break;
        }
      }
    }
  }

  // Containment between neighbouring names: "Gajiram in the Nganzai Local Government Area",
  // "Mogadishu's Hodan district". A small town resolved to another province than the one the
  // same sentence names is a homonym: kept as written, placed by that province.
  void Relate(std::vector<PlaceMention>* chunks) {
    for (size_t i = 0; i < chunks->size(); ++i) {
      auto& pm = (*chunks)[i];
      if (i + 1 < chunks->size()) {
        const auto& next = (*chunks)[i + 1];
        uint32_t t = pm.e;
        // ("the Koutougou department in Soum province": past the kind word.)
        while (t < next.b && doc_.Is(text::Word::kLocalitySuffix, t)) ++t;
        if (t < next.b && doc_.LowerToken(t) == "in") {
          ++t;
          if (t < next.b && doc_.LowerToken(t) == "the") ++t;
          // "in the (western) countryside of Tal Tamer", "in the outskirts of X"
          uint32_t k = t;
          while (k < next.b && doc_.Is(text::Word::kDirectionWord, k)) ++k;
          if (k + 2 == next.b && doc_.Is(text::Word::kSurroundings, k) &&
              doc_.LowerToken(k + 1) == "of")
            t = next.b;
          if (t == next.b && !next.hospital) pm.container = static_cast<int>(i + 1);
        }
        // "Al-Hosna (Bir Al-Abd, North Sinai)", "Badah town (Larkana, Sindh)": the place in
        // brackets contains the name, which is then a place too, even one the gazetteer lacks.
        uint32_t k = pm.e;
        while (k < next.b && doc_.Is(text::Word::kLocalitySuffix, k)) ++k;
        if (k + 1 == next.b && doc_.TokenText(k) == "(" && !next.hospital &&
            (next.place || next.locality_cue || next.province)) {
          pm.container = static_cast<int>(i + 1);
          if (!pm.place) pm.locality_cue = true;
        }
      }
      // "the village of Solhan, near the town of Sebba": a village the gazetteer lacks lies
      // near the town named after it, which places it.
      if (pm.container < 0 && !pm.place && pm.locality_cue && i + 1 < chunks->size()) {
        const auto& next = (*chunks)[i + 1];
        uint32_t t = pm.e;
        if (t < next.b && doc_.TokenText(t) == ",") ++t;
        bool near = t < next.b && doc_.LowerToken(t) == "near";
        if (near) ++t;
        if (near && t + 3 <= next.b && doc_.LowerToken(t) == "the" &&
            doc_.Is(text::Word::kSettlementWord, t + 1) && doc_.LowerToken(t + 2) == "of")
          t += 3;
        if (near && t == next.b && next.place && !next.hospital)
          pm.container = static_cast<int>(i + 1);
      }
      if (i >= 1) {
        const auto& prev = (*chunks)[i - 1];
        if (prev.place && prev.e + 2 == pm.b && doc_.TokenText(prev.e) == "'" &&
            doc_.LowerToken(prev.e + 1) == "s")
          pm.container = static_cast<int>(i - 1);
      }
      // "Maruf district centre, Kandahar": a province, country or city after a comma
      // contains the name before it; a resolution elsewhere is a homonym.
      if (pm.container < 0 && i + 1 < chunks->size()) {
        const auto& next = (*chunks)[i + 1];
        uint32_t t = pm.e;
        while (t < next.b && doc_.Is(text::Word::kContainerKindWord, t)) ++t;
        bool wide = next.place &&
                    (next.province || next.place->level == geo::Level::kAdmin1 ||
                     next.place->level == geo::Level::kAdmin2 ||
                     next.place->level == geo::Level::kCountry || next.place->population >= 100000);
        if (t + 1 == next.b && doc_.TokenText(t) == "," && wide && !next.dateline && !pm.dateline)
          pm.container = static_cast<int>(i + 1);
      }
      if (pm.container >= 0 && pm.place && pm.place->level == geo::Level::kLocality &&
          (*chunks)[pm.container].place) {
        const auto& box = *(*chunks)[pm.container].place;
        bool other_country = box.country_code != pm.place->country_code;
        bool other_province = box.level == geo::Level::kAdmin1 && !box.name.empty() &&
                              pm.place->admin1 != (box.admin1.empty() ? box.name : box.admin1);
        // "Tondo, Manila": a district of a city lies near it, not 100 km away.
        const double km =
            geo::DistanceKm(box.latitude, box.longitude, pm.place->latitude, pm.place->longitude);
        bool far_from_town = box.level == geo::Level::kLocality && km > 50;
        // "Koutougou, in Soum province": a village 250 km from the district is a namesake.
        bool far_from_district = box.level == geo::Level::kAdmin2 && pm.place->village && km > 80;
        if (other_country || other_province || far_from_town || far_from_district) {
          pm.place.reset();
          pm.locality_cue = true;
        }
      }
      // "killed him in Kafr Nassij in Dar'a": a name the gazetteer lacks, written as the
      // site of something and placed inside a known place, is a village.
      if (!pm.place && pm.container >= 0 && (*chunks)[pm.container].place && pm.b > 0 &&
          doc_.Is(text::Word::kSitePreposition, pm.b - 1))
        pm.locality_cue = true;
      // Placed in nothing known, it is still the site as written, below any known place.
      else if (!pm.place && !pm.locality_cue && !pm.province && pm.b > 0 &&
               doc_.Is(text::Word::kSitePreposition, pm.b - 1))
        pm.site = true;
    }
    // Same-sentence provinces, for the homonym check (one pass, no pairwise scan).
    // (The first province of each sentence, by sentence: one array, not a node per sentence.)
    std::vector<const PlaceMention*> sentence_province(doc_.sentence_begin.size(), nullptr);
    for (const auto& pm : *chunks) {
      const PlaceMention*& first = sentence_province[doc_.SentenceOf(pm.b)];
      if (pm.province && pm.place && !first) first = &pm;
    }
    for (auto& pm : *chunks) {
      if (!pm.place || pm.place->level != geo::Level::kLocality || pm.place->population >= 50000)
        continue;
      const PlaceMention* province = sentence_province[doc_.SentenceOf(pm.b)];
      if (!province) continue;
      const geo::Place& prov = *province->place;
      const std::string& name = prov.admin1.empty() ? prov.name : prov.admin1;
      if (prov.country_code == pm.place->country_code && !name.empty() &&
          pm.place->admin1 != name) {
        pm.place.reset();
        pm.locality_cue = true;
      }
    }
  }

  // "in Manaus, a man was shot in the Compensa neighbourhood": a neighbourhood lies in the
  // city the text names (the one containing it, else the last town named before it). One
  // resolved far from that city is a namesake, and one the gazetteer lacks is placed by it:
  // either way the place is the city, as ACLED codes it.
  void PlaceNeighbourhoods(std::vector<PlaceMention>* chunks) const {
    auto is_town = [](const PlaceMention& pm) {
      return pm.place && pm.place->level == geo::Level::kLocality && !pm.hospital;
    };
    int last_town = -1;
    for (size_t i = 0; i < chunks->size(); ++i) {
      PlaceMention& pm = (*chunks)[i];
      const bool neighbourhood =
          pm.e < doc_.tokens.size() && doc_.Is(text::Word::kNeighbourhoodWord, pm.e);
      if (!neighbourhood) {
        if (is_town(pm)) last_town = static_cast<int>(i);
        continue;
      }
      int city = pm.container >= 0 && is_town((*chunks)[pm.container]) ? pm.container : last_town;
      if (city < 0) continue;
      const geo::Place& town = *(*chunks)[city].place;
      if (pm.place && geo::DistanceKm(town.latitude, town.longitude, pm.place->latitude,
                                      pm.place->longitude) <= kNeighbourhoodKm)
        continue;
      pm.note = "neighbourhood " + pm.written + " of " + town.name +
                (pm.place ? " (its namesake " + pm.place->name + " lies far from it)" : "");
      pm.place = town;
    }
  }
  // How far from its city a neighbourhood may lie (a large city's suburbs included).
  static constexpr double kNeighbourhoodKm = 25;

  const MentionResources& res_;
  Document& doc_;
  std::vector<bool> covered_;
  std::vector<int> cue_before_, cue_after_;
  std::vector<bool> nationality_start_;
  std::map<uint32_t, int> nationality_counts_;  // country index -> nationality words seen
  bool person_ = false;
  // Every gazetteer call of the document goes through it (ArabicNameEnd is const).
  mutable std::optional<GeoCache> cache_;
};

}  // namespace

void FindPlaces(const MentionResources& res, mentions::Document* doc) {
  PlaceFinder(res, doc).Run();
}

}  // namespace sitrep::places
