// EscapeHtml: the one function that makes text safe to put into an HTML page. Every piece of
// source or user text reaches HTML through it: the templates call it for each {{value}} (it is
// mstch's escape function, see page_renderer.h) and the few strings built in C++ use it too.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace evident {

//! `text` with & < > " ' replaced by character references, so it is safe both as element content
//! and inside a quoted attribute value. Invalid UTF-8 bytes are replaced by U+FFFD, so a page
//! is always valid UTF-8.
std::string EscapeHtml(std::string_view text);

}  // namespace evident
