// IsValidUtf8: whether bytes are well-formed UTF-8 (RFC 3629 / Unicode 15 §3.9, table 3-7): no
// stray continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF. Questions
// and queries from outside (the CLI, the HTTP API) are refused unless they are; stored text is
// repaired instead (ingest/text_cleaning.h).
// Thread-safety: pure function.
#pragma once

#include <string_view>

namespace evident {

bool IsValidUtf8(std::string_view text);

}  // namespace evident
