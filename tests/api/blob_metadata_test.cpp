// Blob metadata from headers and forms: normalised keys, limits, clear errors.

#include <catch2/catch.hpp>

#include "api/blob_metadata.hpp"

using namespace dc::api;

TEST_CASE("metadata headers are recognised in any case and with either separator") {
  HeaderList headers{{"X-Deltacloud-Blobmeta-Foo", "1"},
                     {"x_deltacloud_blobmeta_Bar-Baz", " two "},
                     {"X-Deltacloud-Other", "ignored"},
                     {"X-DELTACLOUD-BLOBMETA-FOO", "3"}};
  auto meta = metadata_from_headers(headers);
  REQUIRE(meta);
  CHECK(meta.value() == dc::engine::BlobMetadata{{"foo", "3"}, {"bar_baz", "two"}});
  HttpResponse r;
  add_metadata_headers(r, meta.value());
  CHECK(*r.header("X-Deltacloud-Blobmeta-bar_baz") == "two");
}

TEST_CASE("bad metadata headers are refused with the header named") {
  for (auto name :
       {"X-Deltacloud-Blobmeta-", "X-Deltacloud-Blobmeta-a.b", "X-Deltacloud-Blobmeta-a b"}) {
    auto meta = metadata_from_headers({{name, "v"}});
    REQUIRE_FALSE(meta);
    CHECK(meta.error().kind == dc::engine::ErrorKind::validation);
    CHECK(meta.error().message.find(name) != std::string::npos);
  }
  CHECK_FALSE(metadata_from_headers({{"X-Deltacloud-Blobmeta-k", std::string(2049, 'v')}}));
  CHECK_FALSE(metadata_from_headers({{"X-Deltacloud-Blobmeta-k", "a\x01"}}));
  HeaderList many;
  for (int i = 0; i < 65; ++i)
    many.emplace_back("X-Deltacloud-Blobmeta-k" + std::to_string(i), "v");
  CHECK_FALSE(metadata_from_headers(many));
  HeaderList large;
  for (int i = 0; i < 5; ++i)
    large.emplace_back("X-Deltacloud-Blobmeta-k" + std::to_string(i), std::string(2000, 'v'));
  CHECK_FALSE(metadata_from_headers(large));
}

TEST_CASE("form metadata follows meta_params") {
  Params p;
  p.add("meta_params", "2");
  p.add("meta_name1", "Colour");
  p.add("meta_value1", "red");
  p.add("meta_name2", "empty");
  auto meta = metadata_from_form(p);
  REQUIRE(meta);
  CHECK(meta.value() == dc::engine::BlobMetadata{{"colour", "red"}, {"empty", ""}});
  CHECK(metadata_from_form(Params{}).value().empty());
  Params missing;
  missing.add("meta_params", "1");
  CHECK_FALSE(metadata_from_form(missing));
  Params nan;
  nan.add("meta_params", "-1");
  CHECK_FALSE(metadata_from_form(nan));
  Params too_many;
  too_many.add("meta_params", "65");
  CHECK_FALSE(metadata_from_form(too_many));
}
