// DrugSynonyms: drug names and what else the same drug is called — DrugBank's common name and
// synonyms ("Lutetium Lu 177 dotatate" = "177Lu-dotatate" = "Lutetium oxodotreotide Lu-177"),
// and US brand names ("Lutathera"), which the DrugBank vocabulary does not carry and which are
// mined from the NCI drug information pages of the corpus (about-cancer_treatment_drugs_*.md:
// the page title names the drug, the lines under "US Brand Name(s)" its brands).
//
// Names are matched by a spelling-insensitive key: lower-cased alphanumeric pieces, split where
// digits meet letters, element names replaced by their symbols, as a sorted set. So
// "177Lu-DOTATATE", "Lu-177 DOTATATE" and "lutetium Lu 177 dotatate" all have the key
// "177 dotatate lu", and a question may write a drug any of these ways. Short one-word DrugBank
// synonyms ("PAH" for aminohippuric acid, "NO", "Beam" for tricyclazole) are left out: they are
// abbreviations, resolved in context by AbbreviationDictionary, or plain words.
//
// Thread-safety: immutable after Load; share one instance across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace evident {

struct DrugEntry {
  std::string name;                   //!< DrugBank common name (or the NCI page title)
  std::vector<std::string> synonyms;  //!< other names, DrugBank order, name itself excluded
  std::vector<std::string> brands;    //!< US brand names
};

//! A drug name found in a text: bytes [begin, end) of the text name drug `drug`.
struct DrugMention {
  size_t begin = 0, end = 0;
  uint32_t drug = 0;
};

class DrugSynonyms {
 public:
  //! Reads DrugBank's vocabulary csv and, if `nci_drug_pages_dir` is not empty, the brand names
  //! of the NCI drug pages in it. Errors name the file.
  static Result<DrugSynonyms> Load(const std::string& drugbank_csv,
                                   const std::string& nci_drug_pages_dir);
  //! A table from entries given directly (tests).
  static DrugSynonyms FromEntries(std::vector<DrugEntry> entries);

  //! Drug names in `text`, left to right, each the longest name starting at its word (up to six
  //! words), not overlapping.
  std::vector<DrugMention> Find(std::string_view text) const;
  //! The drug whose name, synonym or brand has the same key as `name`, or -1.
  int64_t Lookup(std::string_view name) const;

  const DrugEntry& drug(uint32_t id) const { return drugs_[id]; }
  size_t num_drugs() const { return drugs_.size(); }
  size_t num_names() const { return by_key_.size(); }
  size_t num_brands() const { return num_brands_; }

  //! The matching key of a name (see the file comment); empty if it has no letters or digits.
  static std::string NameKey(std::string_view name);

 private:
  void AddName(std::string_view name, uint32_t drug);
  void AddBrands(const std::string& title, const std::vector<std::string>& brands);

  std::vector<DrugEntry> drugs_;
  std::unordered_map<std::string, uint32_t> by_key_;
  size_t num_brands_ = 0;
};

}  // namespace evident
