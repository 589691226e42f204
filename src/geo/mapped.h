// The index behind Gazetteer::Open (internal to sitrep_geo), read page by page as lookups
// reach it (paged_file.h): gazetteer.cc opens it and answers the name questions, lookup.cc
// ranks a name's candidates.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/geo.h"
#include "geo/index_format.h"
#include "geo/paged_file.h"

namespace sitrep::geo::mapped {

namespace fmt = format;

class MappedGazetteer final : public Gazetteer {
 public:
  // `h` is the file's header, checked by Valid. The small sections that every document
  // asks about (countries, their keys, the major villages) are read now; the rest as
  // lookups reach it.
  MappedGazetteer(std::unique_ptr<PagedFile> file, const fmt::Header& h)
      : file_(std::move(file)), h_(h) {
    countries_ = file_->As<fmt::CountryRec>(h_.countries_off, h_.country_count);
    country_keys_ = file_->As<fmt::CountryKey>(h_.country_keys_off, h_.country_key_count);
    major_villages_ = file_->As<uint32_t>(h_.major_villages_off, h_.major_village_count);
    for (uint32_t i = 0; i < h_.country_count; ++i) {
      country_names_.push_back(Str(countries_[i].name_off, countries_[i].name_len));
      country_names_.push_back(Str(countries_[i].region_off, countries_[i].region_len));
    }
    ParseAcled();
    IndexIso2();
  }

  // Checks that every section lies inside the file, at a multiple of 8 as the build writes
  // it (a slot or a posting then never straddles two pages). Counts above the file's size
  // are rejected first: their byte sizes cannot overflow.
  static bool Valid(const fmt::Header& h, size_t size) {
    auto in = [&](uint64_t off, uint64_t bytes) { return off <= size && bytes <= size - off; };
    const bool aligned = ((h.places_off | h.slots_off | h.postings_off | h.countries_off |
                           h.country_keys_off | h.major_villages_off) &
                          7) == 0;
    return aligned && h.file_size == size && h.slot_count <= size && h.posting_count <= size &&
           (h.slot_count & (h.slot_count - 1)) == 0 && h.slot_count > 0 &&
           in(h.places_off, uint64_t{h.place_count} * sizeof(fmt::PlaceRec)) &&
           in(h.slots_off, h.slot_count * sizeof(fmt::KeySlot)) &&
           in(h.postings_off, h.posting_count * sizeof(uint32_t)) &&
           in(h.countries_off, uint64_t{h.country_count} * sizeof(fmt::CountryRec)) &&
           (h.country_key_count & (h.country_key_count - 1)) == 0 && h.country_key_count > 0 &&
           in(h.country_keys_off, uint64_t{h.country_key_count} * sizeof(fmt::CountryKey)) &&
           in(h.major_villages_off, uint64_t{h.major_village_count} * sizeof(uint32_t)) &&
           in(h.strings_off, h.strings_size) && h.acled_off <= h.strings_size &&
           h.acled_size <= h.strings_size - h.acled_off;
  }

  using Gazetteer::Lookup;
  std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context,
                                const LookupOptions& options) const override;
  std::optional<Candidate> LookupBest(std::string_view name,
                                      const GeoContext& context) const override;
  std::optional<Place> FindAdmin1(std::string_view name, std::string_view country_code,
                                  bool said_province) const override;
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
      const auto& slot = file_->One<fmt::KeySlot>(h_.slots_off + s * sizeof(fmt::KeySlot));
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
    const uint64_t at = h_.postings_off + uint64_t{run} * sizeof(uint32_t);
    const uint32_t count = file_->One<uint32_t>(at);
    if (uint64_t{run} + 1 + count > h_.posting_count) return {nullptr, 0, flags};
    return {file_->As<uint32_t>(at + sizeof(uint32_t), count), count, flags};
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
    __builtin_prefetch(
        file_->Peek(h_.slots_off + ((hash | 1) & (h_.slot_count - 1)) * sizeof(fmt::KeySlot)));
  }

  void PrefetchRun(const fmt::KeySlot* slot) const {
    if (slot != nullptr && (slot->run & fmt::kRunMask) < h_.posting_count)
      __builtin_prefetch(
          file_->Peek(h_.postings_off + uint64_t{slot->run & fmt::kRunMask} * sizeof(uint32_t)));
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
  // whether an exact village left out is a major place. A stop name matches nothing, unless
  // `through_stop` (its run holds no locality: they were left out when the index was built).
  void Collect(std::string_view name, std::vector<Hit>* hits, QueryKind* kind = nullptr,
               const CountryFilter* filter = nullptr, bool* major_elsewhere = nullptr,
               bool through_stop = false) const;
  // Collect, remembered by the thread for `name` and the countries of the filter.
  void CollectRemembered(std::string_view name, const std::vector<std::string>& country_codes,
                         const CountryFilter* filter, std::vector<Hit>* hits, QueryKind* query,
                         bool* major_exact) const;
  bool IsMajorVillage(uint32_t place) const {
    return std::binary_search(major_villages_, major_villages_ + h_.major_village_count, place);
  }

  std::string_view Str(uint32_t off, uint32_t len) const {
    if (off > h_.strings_size || len > h_.strings_size - off) return {};
    return std::string_view(file_->At(h_.strings_off + off, len), len);
  }
  // The shape and skeleton the index stores after a place's name; false when it has none.
  bool StoredShape(uint32_t idx, std::string_view* shape, std::string_view* skeleton) const {
    const fmt::PlaceRec& r = Rec(idx);
    uint64_t at = uint64_t{r.name_off} + r.name_len;
    for (std::string_view* part : {shape, skeleton}) {
      if (at >= h_.strings_size) return false;
      const uint8_t len = file_->One<uint8_t>(h_.strings_off + at);
      if (len == 255 || len > h_.strings_size - at - 1) return false;
      *part = std::string_view(file_->At(h_.strings_off + at + 1, len), len);
      at += 1 + len;
    }
    return true;
  }
  std::string_view NameOf(uint32_t idx) const {
    if (idx >= h_.place_count) return {};
    const fmt::PlaceRec& r = Rec(idx);
    return Str(r.name_off, r.name_len);
  }
  const fmt::CountryRec* CountryOf(const fmt::PlaceRec& r) const {
    return r.country < h_.country_count ? &countries_[r.country] : nullptr;
  }
  bool HasCoord(const fmt::PlaceRec& r) const { return r.lat_e6 != INT32_MIN; }

  // A place's record (idx < place_count), read from the file first if need be.
  const fmt::PlaceRec& Rec(uint32_t idx) const {
    return *file_->As<fmt::PlaceRec>(h_.places_off + uint64_t{idx} * sizeof(fmt::PlaceRec));
  }
  // Where it lies, for a prefetch hint.
  const char* PeekRec(uint32_t idx) const {
    return file_->Peek(h_.places_off + uint64_t{idx} * sizeof(fmt::PlaceRec));
  }

  Place MakePlace(uint32_t idx) const;

  void ParseAcled();
  void IndexIso2();

  std::vector<Candidate> LookupImpl(std::string_view name, const GeoContext& context,
                                    const LookupOptions& options) const;

  // Admin1 entries named in the context, for the province bonus.
  std::vector<uint32_t> ContextAdmin1(const GeoContext& context) const;

  std::unique_ptr<PagedFile> file_;
  fmt::Header h_;
  // Read at open (PagedFile never drops a page): plain pointers. major_villages_ ascends.
  const fmt::CountryRec* countries_;
  const fmt::CountryKey* country_keys_;
  const uint32_t* major_villages_;
  std::vector<std::string_view> country_names_;         // each country's name, then its region
  std::unordered_map<std::string, std::string> acled_;  // "CC\tadmin1" -> ACLED spelling
  // CountryRec index of each ISO2 code ("SY" at ('S'-'A') * 26 + 'Y'-'A'), when every code
  // is two capital letters, unique, and there are at most 256 countries (else the country
  // filter compares the codes one by one).
  std::array<uint16_t, 26 * 26> iso2_index_{};
  bool iso2_indexed_ = false;
};

}  // namespace sitrep::geo::mapped
