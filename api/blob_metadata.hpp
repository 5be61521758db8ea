#pragma once
// Blob user metadata on the wire: `X-Deltacloud-Blobmeta-<key>: <value>` headers in and out, and
// the `meta_params` / `meta_nameN` / `meta_valueN` form fields. Keys are stored as the original
// server stored them (it read them through Rack): lower-cased, with `-` turned into `_`.
//
// | limit            | value    |
// |------------------|----------|
// | key              | 1–128 of letters, digits, `-`, `_` |
// | value            | ≤ 2048 bytes, no control characters |
// | entries          | ≤ 64     |
// | total            | ≤ 8 KiB  |

#include <string>
#include <string_view>

#include "api/http_message.hpp"
#include "api/params.hpp"
#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::api {

/// The metadata carried by a request's `X-Deltacloud-Blobmeta-*` headers; a validation error
/// naming the offending header otherwise.
engine::Result<engine::BlobMetadata> metadata_from_headers(const HeaderList& headers);
/// The metadata of a form: `meta_params=N` with `meta_name1..N` and `meta_value1..N`.
engine::Result<engine::BlobMetadata> metadata_from_form(const Params& params);
/// One `X-Deltacloud-Blobmeta-<key>` header per entry.
void add_metadata_headers(HttpResponse& response, const engine::BlobMetadata& metadata);

}  // namespace dc::api
