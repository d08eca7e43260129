// WebAssets: the files of web/ (templates, CSS, JavaScript, images, the OpenAPI document),
// embedded into the binary at build time by embed_web_assets.cmake, so `evident serve` needs no
// files beside it.
// Thread-safety: immutable after first use.
#pragma once

#include <string_view>
#include <vector>

namespace evident {

struct WebAsset {
  std::string_view path;  //!< relative to web/: "templates/article.mustache", "static/app.js"
  std::string_view data;
};

//! Every embedded file, sorted by path.
const std::vector<WebAsset>& WebAssets();

//! The embedded file at `path`, or nullptr.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace evident
