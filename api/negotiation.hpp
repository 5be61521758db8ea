#pragma once
// Content negotiation as the original server does it: `?format=` wins, else the Accept header
// with q-values; a missing Accept means XML. Bare `*/*` gets XML (there is no HTML console yet).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc::api {

enum class Format { xml, json, gv };

/// `application/xml`, `application/json`, `application/ghostscript`.
const char* content_type(Format format);

/// Picks the format among `supported` (most preferred first for ties); empty means 406.
std::optional<Format> negotiate(const std::optional<std::string>& format_param,
                                const std::string* accept, const std::vector<Format>& supported);

}  // namespace dc::api
