// TestCorpus: a real SQLite store and index generation built from a few documents, for the rank
// tests (header-only, test support; not part of the evident_rank library).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/testing.h"
#include "index/index_directory.h"
#include "index/index_reader.h"
#include "ingest/corpus_ingester.h"
#include "store/store.h"

namespace evident::testing {

//! One single-passage research document: id "<id>", passage "<id>#0".
struct TestDoc {
  std::string id;
  std::string title;
  std::string text;
  std::vector<std::string> mesh = {};
  std::string heading = "";
};

class TestCorpus {
 public:
  explicit TestCorpus(const std::vector<TestDoc>& docs) {
    std::string dir = TempDir();
    auto store = OpenStore(dir + "/evident.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    std::vector<DocumentRecord> batch;
    for (const TestDoc& d : docs) {
      DocumentRecord r;
      r.doc.id = d.id;
      r.doc.title = d.title;
      r.doc.mesh = d.mesh;
      r.doc.year = 2020;
      r.doc.sections.push_back({d.heading, d.text});
      Passage p;
      p.id = d.id + "#0";
      p.doc_id = d.id;
      p.heading = d.heading;
      p.text = d.text;
      r.passages.push_back(std::move(p));
      batch.push_back(std::move(r));
    }
    PutCounts counts;
    Status put = store_->PutDocuments(batch, &counts);
    EXPECT_TRUE(put.ok()) << put.ToString();
    IndexBuildStats stats;
    auto generation = RebuildIndex(*store_, dir + "/index", {}, &stats);
    EXPECT_TRUE(generation.ok()) << generation.status().ToString();
    auto reader = IndexReader::Open(*IndexDirectory(dir + "/index").CurrentPath());
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    index_ = std::move(*reader);
  }

  Store& store() { return *store_; }
  std::shared_ptr<const IndexReader> index() const { return index_; }
  //! The passage number of "<doc_id>#0", or UINT32_MAX.
  uint32_t PassageOf(const std::string& doc_id) const {
    for (uint32_t p = 0; p < index_->num_passages(); ++p) {
      if (index_->doc_id(index_->passage(p).doc) == doc_id) return p;
    }
    return UINT32_MAX;
  }

 private:
  std::unique_ptr<Store> store_;
  std::shared_ptr<const IndexReader> index_;
};

}  // namespace evident::testing
