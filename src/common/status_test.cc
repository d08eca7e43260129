#include "common/status.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(Status, OkByDefaultAndNamesItsCode) {
  EXPECT_TRUE(Status().ok());
  Status s = Status::IOError("opening x: No such file");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "IO error: opening x: No such file");
  EXPECT_EQ(Status::FailedPrecondition("already approved").ToString(),
            "Failed precondition: already approved");
}

TEST(Status, WithContextPrefixesMessage) {
  Status s = Status::Corruption("bad magic").WithContext("opening index gen-3");
  EXPECT_EQ(s.message(), "opening index gen-3: bad magic");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(Result, CarriesValueOrStatus) {
  Result<int> good(42);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad(Status::NotFound("no such document"));
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsNotFound());
}

}  // namespace
}  // namespace evident
