// Test support for the eval module's tests: a store in a temporary directory holding documents
// whose passages are given as text. Header-only, tests only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/testing.h"
#include "store/store.h"

namespace evident::testing {

//! A document `id` whose passages "<id>#0", "<id>#1", ... have the given texts, one section each.
inline DocumentRecord TextRecord(const std::string& id, const std::vector<std::string>& passages) {
  DocumentRecord record;
  record.doc.id = id;
  record.doc.title = "Title of " + id;
  for (size_t i = 0; i < passages.size(); ++i) {
    record.doc.sections.push_back({"", passages[i]});
    record.passages.push_back(
        {id + "#" + std::to_string(i), id, static_cast<int>(i), "", passages[i], {}});
  }
  return record;
}

//! A fresh store in a temporary directory holding `records`; null (with a test failure) if it
//! cannot be written.
inline std::unique_ptr<Store> StoreWith(const std::vector<DocumentRecord>& records) {
  auto store = OpenStore(TempDir() + "/store.db");
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return nullptr;
  PutCounts counts;
  Status put = (*store)->PutDocuments(records, &counts);
  EXPECT_TRUE(put.ok()) << put.ToString();
  return put.ok() ? std::move(*store) : nullptr;
}

}  // namespace evident::testing
