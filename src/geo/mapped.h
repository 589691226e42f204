// The memory-mapped index behind Gazetteer::Open (internal to sitrep_geo): gazetteer.cc
// opens it and answers the name questions, lookup.cc ranks a name's candidates.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/geo.h"
#include "geo/index_format.h"

namespace sitrep::geo::mapped {

namespace fmt = format;

class MappedGazetteer final : public Gazetteer {
 public:
  MappedGazetteer(void* base, size_t size) : base_(static_cast<const char*>(base)), size_(size) {
    std::memcpy(&h_, base_, sizeof(h_));
    places_ = reinterpret_cast<const fmt::PlaceRec*>(base_ + h_.places_off);
    slots_ = reinterpret_cast<const fmt::KeySlot*>(base_ + h_.slots_off);
    postings_ = reinterpret_cast<const uint32_t*>(base_ + h_.postings_off);
    countries_ = reinterpret_cast<const fmt::CountryRec*>(base_ + h_.countries_off);
    country_keys_ = reinterpret_cast<const fmt::CountryKey*>(base_ + h_.country_keys_off);
    major_villages_ = reinterpret_cast<const uint32_t*>(base_ + h_.major_villages_off);
    strings_ = base_ + h_.strings_off;
    ParseAcled();
    IndexIso2();
  }
  ~MappedGazetteer() override;

  // Checks that every section lies inside the file.
  static bool Valid(const fmt::Header& h, size_t size) {
    auto in = [&](uint64_t off, uint64_t bytes) { return off <= size && bytes <= size - off; };
    return h.file_size == size && (h.slot_count & (h.slot_count - 1)) == 0 && h.slot_count > 0 &&
           in(h.places_off, uint64_t{h.place_count} * sizeof(fmt::PlaceRec)) &&
           in(h.slots_off, h.slot_count * sizeof(fmt::KeySlot)) &&
           in(h.postings_off, h.posting_count * sizeof(uint32_t)) &&
           in(h.countries_off, uint64_t{h.country_count} * sizeof(fmt::CountryRec)) &&
           (h.country_key_count & (h.country_key_count - 1)) == 0 && h.country_key_count > 0 &&
           in(h.country_keys_off, uint64_t{h.country_key_count} * sizeof(fmt::CountryKey)) &&
           in(h.major_villages_off, uint64_t{h.major_village_count} * sizeof(uint32_t)) &&
           in(h.strings_off, h.strings_size) && h.acled_off + h.acled_size <= h.strings_size;
  }

  using Gazetteer::Lookup;
  std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context,
                                const LookupOptions& options) const override;
  std::optional<Candidate> LookupBest(std::string_view name,
                                      const GeoContext& context) const override;
  std::optional<Place> FindAdmin1(std::string_view name,
                                  std::string_view country_code) const override;
  std::optional<Place> FindCountry(std::string_view name) const override;
  bool MayContain(std::string_view name) const override;
  std::string AcledAdmin1Name(const Place& place) const override;
  size_t size() const override { return h_.place_count; }

 private:
  struct Hit {
    uint32_t place;
    uint8_t country;  // CountryRec index from the posting, kNoCountry when unknown
    bool exact;
    bool village;  // from the posting (kPostingVillage)
  };

  // The slot of a key hash, or nullptr.
  const fmt::KeySlot* Find(uint64_t hash) const {
    hash |= 1;
    const uint32_t tag = fmt::TagOf(hash);
    uint64_t s = hash & (h_.slot_count - 1);
    for (uint64_t n = 0; n < h_.slot_count; ++n, s = (s + 1) & (h_.slot_count - 1)) {
      const auto& slot = slots_[s];
      if (slot.tag == 0) return nullptr;
      if (slot.tag == tag) return &slot;
    }
    return nullptr;  // a full table: only in a damaged file
  }

  // Postings of one key hash (empty span when absent).
  // The postings of a key and its slot's flags (kSlotStop, kSlotWord).
  struct Run {
    const uint32_t* postings = nullptr;
    uint32_t count = 0;
    uint32_t flags = 0;
  };
  Run Probe(uint64_t hash) const { return RunOf(Find(hash)); }
  Run RunOf(const fmt::KeySlot* slot) const {
    if (slot == nullptr) return {};
    const uint32_t run = slot->run & fmt::kRunMask;
    const uint32_t flags = slot->run & ~fmt::kRunMask;
    if (run >= h_.posting_count) return {nullptr, 0, flags};
    const uint32_t count = postings_[run];
    if (uint64_t{run} + 1 + count > h_.posting_count) return {nullptr, 0, flags};
    return {postings_ + run + 1, count, flags};
  }

  // What a query's keys say about the variants it may stand for.
  struct QueryKind {
    // The variants came from a skeleton selective enough for villages: at least four
    // Latin consonants (not the vowel-class key of a short name) or three Arabic letters.
    bool selective = false;
    bool one_word = false;
    bool common_word = false;  // a lower-case English word ("Command"): never a village
  };

  // Hits of `name`'s loose key only: the exact spellings, without walking the (longer)
  // postings of its skeleton. For callers that take exact hits only.
  void ExactHits(std::string_view name, std::vector<Hit>* hits) const;

  // Starts loading a key's home slot: the two keys of a name then miss the cache together,
  // not one after the other (the key table is far larger than the caches).
  void PrefetchSlot(uint64_t hash) const {
    __builtin_prefetch(&slots_[(hash | 1) & (h_.slot_count - 1)]);
  }

  void PrefetchRun(const fmt::KeySlot* slot) const {
    if (slot != nullptr && (slot->run & fmt::kRunMask) < h_.posting_count)
      __builtin_prefetch(&postings_[slot->run & fmt::kRunMask]);
  }

  // The article's countries as a lookup filters by them (CountryRec indices): a spelling
  // variant, and a village even of the exact spelling, is a candidate only there.
  struct CountryFilter {
    std::array<uint8_t, 256> rank{};   // 1 + the first place in context.country_codes; 0: none
    std::array<uint8_t, 256> named{};  // the indices with a rank, ascending
    size_t named_count = 0;
  };
  void MakeCountryFilter(const std::vector<std::string>& country_codes,
                         CountryFilter* filter) const;
  // Does a posting's country (its top 8 bits) pass `filter`? (An unknown country passes:
  // the record decides.)
  bool Passes(const CountryFilter& filter, uint32_t country) const {
    return country >= h_.country_count || filter.rank[country] != 0;
  }

  // Hits of `name`'s loose key (exact) and skeleton (variants). With a `filter`, the
  // postings it rules out are left out as they are walked (the runs are sorted by country:
  // a variant's run is read only in the filter's countries), and `major_elsewhere` says
  // whether an exact village left out is a major place.
  void Collect(std::string_view name, std::vector<Hit>* hits, QueryKind* kind = nullptr,
               const CountryFilter* filter = nullptr, bool* major_elsewhere = nullptr) const;
  // Collect, remembered by the thread for `name` and the countries of the filter.
  void CollectRemembered(std::string_view name, const std::vector<std::string>& country_codes,
                         const CountryFilter* filter, std::vector<Hit>* hits, QueryKind* query,
                         bool* major_exact) const;
  bool IsMajorVillage(uint32_t place) const {
    return std::binary_search(major_villages_, major_villages_ + h_.major_village_count, place);
  }

  std::string_view Str(uint32_t off, uint32_t len) const {
    if (off > h_.strings_size || len > h_.strings_size - off) return {};
    return std::string_view(strings_ + off, len);
  }
  // The shape and skeleton the index stores after a place's name; false when it has none.
  bool StoredShape(uint32_t idx, std::string_view* shape, std::string_view* skeleton) const {
    uint64_t at = uint64_t{places_[idx].name_off} + places_[idx].name_len;
    for (std::string_view* part : {shape, skeleton}) {
      if (at >= h_.strings_size) return false;
      const uint8_t len = static_cast<uint8_t>(strings_[at]);
      if (len == 255 || len > h_.strings_size - at - 1) return false;
      *part = std::string_view(strings_ + at + 1, len);
      at += 1 + len;
    }
    return true;
  }
  std::string_view NameOf(uint32_t idx) const {
    if (idx >= h_.place_count) return {};
    return Str(places_[idx].name_off, places_[idx].name_len);
  }
  const fmt::CountryRec* CountryOf(const fmt::PlaceRec& r) const {
    return r.country < h_.country_count ? &countries_[r.country] : nullptr;
  }
  bool HasCoord(const fmt::PlaceRec& r) const { return r.lat_e6 != INT32_MIN; }

  Place MakePlace(uint32_t idx) const;

  void ParseAcled();
  void IndexIso2();

  std::vector<Candidate> LookupImpl(std::string_view name, const GeoContext& context,
                                    const LookupOptions& options) const;

  // Admin1 entries named in the context, for the province bonus.
  std::vector<uint32_t> ContextAdmin1(const GeoContext& context) const;

  const char* base_;
  size_t size_;
  fmt::Header h_;
  const fmt::PlaceRec* places_;
  const fmt::KeySlot* slots_;
  const uint32_t* postings_;
  const fmt::CountryRec* countries_;
  const fmt::CountryKey* country_keys_;
  const uint32_t* major_villages_;  // ascending
  const char* strings_;
  std::unordered_map<std::string, std::string> acled_;  // "CC\tadmin1" -> ACLED spelling
  // CountryRec index of each ISO2 code ("SY" at ('S'-'A') * 26 + 'Y'-'A'), when every code
  // is two capital letters, unique, and there are at most 256 countries (else the country
  // filter compares the codes one by one).
  std::array<uint16_t, 26 * 26> iso2_index_{};
  bool iso2_indexed_ = false;
};

}  // namespace sitrep::geo::mapped
