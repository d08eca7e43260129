// DocumentSink: where a parser delivers what it read. Parsers stream: they call Add for each
// record as soon as it is parsed, Delete for each deletion (PubMed DeleteCitation), and Error for
// each malformed record or file, then carry on with the next record. A parser never aborts a run
// because of bad input.
// Thread-safety: a sink is called from one parser thread at a time unless it says otherwise.
#pragma once

#include <string>

#include "common/document.h"

namespace evident {

//! Where and why one record or file could not be read. `position` locates it inside `path`
//! ("line 12", "record 4711 (PMID 123)", "byte 5120").
struct IngestError {
  std::string path;
  std::string position;
  std::string message;

  //! "parsing corpus/x.xml.gz: record 3 (PMID 12): missing ArticleTitle"
  std::string ToString() const;
};

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  virtual void Add(Document doc) = 0;
  virtual void Delete(const std::string& doc_id) = 0;
  virtual void Error(IngestError error) = 0;
};

}  // namespace evident
