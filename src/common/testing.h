// Test support: where the shared data lives. One setting names it: the EVIDENT_DATA environment
// variable, defaulting to ../shared/data beside the checkout.
#pragma once

#include <string>

namespace evident::testing {

//! Root of the shared data (EVIDENT_DATA or <checkout>/../shared/data), no trailing slash.
std::string DataDir();
//! A fresh empty temporary directory, removed at process exit.
std::string TempDir();

}  // namespace evident::testing
