// /api/buckets and the blobs under them: buckets list (filter id), show (with its blobs), create,
// destroy; blobs show, create (multipart or plain form), PUT (raw body), HEAD (metadata as
// headers), metadata update, content download, destroy. Blob bodies are streamed both ways: an
// upload arrives as a staged file (Upload), a download leaves as an open file.

#include "api/blob_metadata.hpp"
#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "api/upload.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"
#include "engine/utf8.hpp"

namespace dc::api {

namespace {

using engine::Blob;
using engine::Bucket;
using engine::ErrorKind;
using engine::make_error;

const std::string& bucket_id(const ExchangePtr& ex) {
  return ex->ctx().path_param("id");
}
const std::string& blob_id(const ExchangePtr& ex) {
  return ex->ctx().path_param("blob_id");
}

/// An upload the server could not store is its own failure, not the client's.
bool upload_failed(const ExchangePtr& ex) {
  auto& upload = ex->ctx().upload;
  if (!upload || !upload->storage_failed()) return false;
  ex->fail(make_error(ErrorKind::backend, "Cannot receive the upload: " + upload->storage_error()));
  return true;
}

void list_buckets(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("buckets", &engine::Driver::buckets),
                   reply_list<Bucket>(ex, [id](std::vector<Bucket> v) {
                     return engine::filter_on(std::move(v), id, [](auto& x) { return x.id; });
                   }));
}

void show_bucket(const ExchangePtr& ex) {
  ex->plane().call(ex->account(), engine::read("bucket", &engine::Driver::bucket, bucket_id(ex)),
                   reply_one<Bucket>(ex));
}

void create_bucket(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::BucketCreate what{*params.get("name"), params.get("location")};
  ex->plane().call(ex->account(),
                   engine::create("create_bucket", &engine::Driver::create_bucket, std::move(what)),
                   reply_created<Bucket>(ex, "buckets"));
}

void destroy_bucket(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::change("destroy_bucket", &engine::Driver::destroy_bucket, bucket_id(ex)),
                   reply_no_content(ex));
}

void show_blob(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("blob", &engine::Driver::blob, bucket_id(ex), blob_id(ex)),
                   reply_one<Blob>(ex));
}

constexpr const char* content_type_rule =
    "A blob's content type must be UTF-8 text without control characters";

/// POST /api/buckets/:id — a form with blob_id, blob_data (a file part or a plain value) and
/// optional meta_params/meta_nameN/meta_valueN. 201 with the blob, no Location (as the original).
void create_blob(const ExchangePtr& ex) {
  if (upload_failed(ex)) return;
  auto& ctx = ex->ctx();
  auto meta = metadata_from_form(ctx.params);
  if (!meta) return ex->fail(meta.error());
  engine::BlobCreate what;
  what.bucket = bucket_id(ex);
  what.id = *ctx.params.get("blob_id");
  what.metadata = std::move(meta.value());
  const Upload::FilePart* part = ctx.upload ? ctx.upload->file("blob_data") : nullptr;
  if (part) {
    what.upload = part->file;
    // A file keeps the type its part declared; a large plain value is text, as a small one.
    what.content_type = part->head.filename ? part->head.content_type : "text/plain";
  } else {
    what.content = *ctx.params.get("blob_data");
    what.content_type = "text/plain";
  }
  if (!engine::is_document_text(what.content_type))
    return ex->fail(make_error(ErrorKind::validation, content_type_rule));
  ex->plane().call(ex->account(),
                   engine::operation(engine::transfer_call(engine::create_call("create_blob")),
                                     &engine::Driver::create_blob, std::move(what)),
                   reply_one<Blob>(ex, 201));
}

/// PUT /api/buckets/:id/:blob_id — the body is the content, Content-Type its type, the
/// X-Deltacloud-Blobmeta-* headers its metadata. 200 with the blob.
void put_blob(const ExchangePtr& ex) {
  if (upload_failed(ex)) return;
  auto& ctx = ex->ctx();
  auto meta = metadata_from_headers(ctx.request.headers);
  if (!meta) return ex->fail(meta.error());
  engine::BlobCreate what;
  what.bucket = bucket_id(ex);
  what.id = blob_id(ex);
  what.metadata = std::move(meta.value());
  if (auto type = ctx.request.header("Content-Type")) what.content_type = std::string{trim(*type)};
  // Stored and shown in documents: text, as every other value a client stores.
  if (!engine::is_document_text(what.content_type))
    return ex->fail(make_error(ErrorKind::validation, content_type_rule));
  if (ctx.upload && ctx.upload->body())
    what.upload = ctx.upload->body();
  else
    what.content = std::move(ctx.request.body);
  ex->plane().call(ex->account(),
                   engine::operation(engine::transfer_call(engine::create_call("create_blob")),
                                     &engine::Driver::create_blob, std::move(what)),
                   reply_one<Blob>(ex, 200));
}

/// HEAD /api/buckets/:id/:blob_id (and .../metadata) — 204 with the metadata as headers.
void blob_metadata(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("blob", &engine::Driver::blob, bucket_id(ex), blob_id(ex)),
                   [ex](engine::Result<Blob> r) {
                     if (!r) return ex->fail(r.error());
                     HttpResponse res;
                     res.status = 204;
                     add_metadata_headers(res, r.value().user_metadata);
                     ex->send(std::move(res));
                   });
}

/// POST /api/buckets/:id/:blob_id — replaces the metadata with the request's headers; 204
/// echoing what is stored.
void update_blob_metadata(const ExchangePtr& ex) {
  auto meta = metadata_from_headers(ex->ctx().request.headers);
  if (!meta) return ex->fail(meta.error());
  ex->plane().call(ex->account(),
                   engine::change("update_blob_metadata", &engine::Driver::update_blob_metadata,
                                  bucket_id(ex), blob_id(ex), std::move(meta.value())),
                   [ex](engine::Result<engine::BlobMetadata> r) {
                     if (!r) return ex->fail(r.error());
                     HttpResponse res;
                     res.status = 204;
                     add_metadata_headers(res, r.value());
                     ex->send(std::move(res));
                   });
}

void destroy_blob(const ExchangePtr& ex) {
  ex->plane().call(
      ex->account(),
      engine::change("destroy_blob", &engine::Driver::destroy_blob, bucket_id(ex), blob_id(ex)),
      reply_no_content(ex));
}

/// GET /api/buckets/:id/:blob_id/content — the raw bytes, whatever the Accept header says,
/// streamed from the open file.
void blob_content(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::operation(engine::transfer_call(engine::read_call("blob_content")),
                                     &engine::Driver::blob_content, bucket_id(ex), blob_id(ex)),
                   [ex](engine::Result<engine::BlobContent> r) {
                     if (!r) return ex->fail(r.error());
                     auto& content = r.value();
                     HttpResponse res;
                     res.status = 200;
                     res.set("Content-Type", content.content_type.empty()
                                                 ? "application/octet-stream"
                                                 : content.content_type);
                     res.set("Content-Disposition", "attachment; filename=" + content.id);
                     res.file = content.file;
                     ex->send(std::move(res));
                   });
}

}  // namespace

void add_routes_buckets(RouteTable& table) {
  const std::vector<Format> docs{Format::xml, Format::json};
  const std::vector<Format> raw{};  // no negotiation: the bytes are what they are
  auto c = engine::Collection::buckets;
  // Registration order is the order OPTIONS lists methods in (GET, POST, DELETE, PUT, HEAD).
  table.add(Route{"GET", {"buckets"}, docs, c, true, {}, list_buckets});
  table.add(Route{"GET", {"buckets", ":id"}, docs, c, true, {}, show_bucket});
  table.add(Route{"POST", {"buckets"}, docs, c, true, {"name"}, create_bucket});
  table.add(
      Route{"POST", {"buckets", ":id"}, docs, c, true, {"blob_id", "blob_data"}, create_blob});
  table.add(Route{"DELETE", {"buckets", ":id"}, docs, c, true, {}, destroy_bucket});
  table.add(Route{"GET", {"buckets", ":id", ":blob_id"}, docs, c, true, {}, show_blob});
  table.add(Route{"PUT", {"buckets", ":id", ":blob_id"}, docs, c, true, {}, put_blob});
  table.add(Route{"HEAD", {"buckets", ":id", ":blob_id"}, raw, c, true, {}, blob_metadata});
  table.add(Route{"POST", {"buckets", ":id", ":blob_id"}, docs, c, true, {}, update_blob_metadata});
  table.add(Route{"DELETE", {"buckets", ":id", ":blob_id"}, docs, c, true, {}, destroy_blob});
  table.add(
      Route{"HEAD", {"buckets", ":id", ":blob_id", "metadata"}, raw, c, true, {}, blob_metadata});
  table.add(
      Route{"GET", {"buckets", ":id", ":blob_id", "content"}, raw, c, true, {}, blob_content});
}

}  // namespace dc::api
