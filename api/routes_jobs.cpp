// /api/jobs: bulk provisioning. POST starts a job of `count` instances from one template and
// answers 202 at once with its Location; GET lists the account's jobs (counts only) or shows
// one with its instances' outcomes, a page at a time (`offset`, `limit`); DELETE cancels the
// instances not asked for yet.

#include "api/route_table.hpp"
#include "engine/object_id.hpp"

namespace dc::api {

namespace {

using engine::ErrorKind;
using engine::JobSummary;
using engine::make_error;

/// Largest job one request may start (the operator's jobs.max_instances is usually lower).
using engine::max_job_count;
/// Outcomes in one answer, unless the client asks for fewer (or more, up to the maximum).
constexpr std::size_t default_outcome_page = 1000;
constexpr std::size_t max_outcome_page = 10000;

void write_summary_xml(XmlWriter& out, const RequestContext& ctx, const JobSummary& job) {
  auto& w = job.spec.what;
  out.text("state", engine::api_name(job.state));
  out.empty("image", {{"href", ctx.url("/images/" + w.image_id)}, {"id", w.image_id}});
  if (!w.profile_id.empty())
    out.empty("hardware_profile",
              {{"href", ctx.url("/hardware_profiles/" + w.profile_id)}, {"id", w.profile_id}});
  if (!w.realm_id.empty())
    out.empty("realm", {{"href", ctx.url("/realms/" + w.realm_id)}, {"id", w.realm_id}});
  if (!job.spec.name_prefix.empty()) out.text("name_prefix", job.spec.name_prefix);
  if (w.keyname) out.text("keyname", *w.keyname);
  out.text("created_at", job.created_at);
  out.text("requested", std::to_string(job.counts.requested));
  out.text("created", std::to_string(job.counts.created));
  out.text("running", std::to_string(job.counts.running));
  out.text("failed", std::to_string(job.counts.failed));
  out.text("cancelled", std::to_string(job.counts.cancelled));
}

void write_summary_json(JsonWriter& out, const RequestContext& ctx, const JobSummary& job) {
  auto& w = job.spec.what;
  out.field("id", job.id).field("href", ctx.url("/jobs/" + job.id));
  out.field("state", engine::api_name(job.state));
  out.field("image_id", w.image_id);
  out.nullable("hwp_id", w.profile_id).nullable("realm_id", w.realm_id);
  out.nullable("name_prefix", job.spec.name_prefix).nullable("keyname", w.keyname);
  out.field("created_at", job.created_at);
  out.field("requested", static_cast<std::int64_t>(job.counts.requested));
  out.field("created", static_cast<std::int64_t>(job.counts.created));
  out.field("running", static_cast<std::int64_t>(job.counts.running));
  out.field("failed", static_cast<std::int64_t>(job.counts.failed));
  out.field("cancelled", static_cast<std::int64_t>(job.counts.cancelled));
}

std::string render(const ExchangePtr& ex, const JobSummary& job, const engine::JobPage* page,
                   bool prolog) {
  auto& ctx = ex->ctx();
  if (ex->format() == Format::json) {
    JsonWriter out;
    out.begin_object().key("job").begin_object();
    write_summary_json(out, ctx, job);
    if (page) {
      out.field("instances_offset", static_cast<std::int64_t>(page->offset));
      out.field("instances_total", static_cast<std::int64_t>(page->total));
      out.key("instances").begin_array();
      for (std::size_t i = 0; i < page->items.size(); ++i) {
        auto& item = page->items[i];
        out.begin_object().field("index", static_cast<std::int64_t>(page->offset + i));
        out.field("state", engine::api_name(item));
        if (!item.instance_id.empty())
          out.field("id", item.instance_id)
              .field("href", ctx.url("/instances/" + item.instance_id));
        if (item.state == engine::JobItemState::failed)
          out.key("error")
              .begin_object()
              .field("code", item.error_code)
              .field("message", item.error_message)
              .end_object();
        out.end_object();
      }
      out.end_array();
    }
    return out.end_object().end_object().finish();
  }
  XmlWriter out{prolog};
  out.open("job", {{"href", ctx.url("/jobs/" + job.id)}, {"id", job.id}});
  write_summary_xml(out, ctx, job);
  if (page) {
    out.open("instances",
             {{"offset", std::to_string(page->offset)}, {"total", std::to_string(page->total)}});
    for (std::size_t i = 0; i < page->items.size(); ++i) {
      auto& item = page->items[i];
      XmlAttributes attrs{{"index", std::to_string(page->offset + i)},
                          {"state", engine::api_name(item)}};
      if (!item.instance_id.empty()) {
        attrs.emplace_back("id", item.instance_id);
        attrs.emplace_back("href", ctx.url("/instances/" + item.instance_id));
      }
      if (item.state == engine::JobItemState::failed) {
        out.open("instance", attrs);
        out.text("error", item.error_message, {{"code", item.error_code}});
        out.close();
      } else {
        out.empty("instance", attrs);
      }
    }
    out.close();
  }
  if (job.state == engine::JobState::running) {
    out.open("actions");
    out.empty("link",
              {{"rel", "cancel"}, {"method", "delete"}, {"href", ctx.url("/jobs/" + job.id)}});
    out.close();
  }
  out.close();
  return out.finish();
}

void create_job(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::JobSpec spec;
  spec.what.image_id = params.get("image_id").value_or("");
  if (spec.what.image_id.empty())
    return ex->fail(make_error(ErrorKind::validation, "Parameter 'image_id' must not be empty"));
  auto count_text = params.get("count").value_or("");
  auto count = parse_whole<std::size_t>(count_text);
  if (!count || *count < 1 || *count > max_job_count)
    return ex->fail(make_error(ErrorKind::validation,
                               "Parameter 'count' must be a whole number from 1 to " +
                                   std::to_string(max_job_count) + ", not '" + count_text + "'"));
  spec.count = *count;
  spec.what.profile_id = params.get("hwp_id").value_or("");
  if (!spec.what.profile_id.empty() && !ex->driver().profile(spec.what.profile_id))
    return ex->fail(make_error(ErrorKind::validation,
                               "Hardware profile '" + spec.what.profile_id + "' does not exists."));
  spec.what.realm_id = params.get("realm_id").value_or("");
  if (auto k = params.get("keyname"); k && !k->empty()) spec.what.keyname = *k;
  spec.name_prefix = params.get("name_prefix").value_or("");
  if (!spec.name_prefix.empty() && !engine::is_plain_name(spec.name_prefix))
    return ex->fail(make_error(ErrorKind::validation,
                               "Parameter 'name_prefix' may hold letters, digits, '.', '_' and "
                               "'-' only"));
  ex->plane().create_job(ex->account(), std::move(spec), [ex](engine::Result<JobSummary> r) {
    if (!r) return ex->fail(r.error());
    HttpResponse res;
    res.status = 202;
    res.set("Content-Type", content_type(ex->format()));
    res.set("Location", ex->ctx().url("/jobs/" + r.value().id));
    res.body = render(ex, r.value(), nullptr, true);
    ex->send(std::move(res));
  });
}

void list_jobs(const ExchangePtr& ex) {
  ex->plane().jobs(ex->account(), [ex](engine::Result<std::vector<JobSummary>> r) {
    if (!r) return ex->fail(r.error());
    auto& ctx = ex->ctx();
    if (ex->format() == Format::json) {
      JsonWriter out;
      out.begin_object().key("jobs").begin_array();
      for (auto& job : r.value()) {
        out.begin_object();
        write_summary_json(out, ctx, job);
        out.end_object();
      }
      return ex->document(200, out.end_array().end_object().finish());
    }
    std::string body = "<?xml version='1.0' encoding='utf-8' ?>\n<jobs>\n";
    for (auto& job : r.value()) body += render(ex, job, nullptr, false);
    ex->document(200, body + "</jobs>\n");
  });
}

void show_job(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  std::size_t offset = 0, limit = default_outcome_page;
  if (auto text = params.get("offset")) {
    auto n = parse_whole<std::size_t>(*text);
    if (!n)
      return ex->fail(make_error(ErrorKind::validation,
                                 "Parameter 'offset' must be a whole number, not '" + *text + "'"));
    offset = *n;
  }
  if (auto text = params.get("limit")) {
    auto n = parse_whole<std::size_t>(*text);
    if (!n || *n < 1 || *n > max_outcome_page)
      return ex->fail(make_error(ErrorKind::validation,
                                 "Parameter 'limit' must be a whole number from 1 to " +
                                     std::to_string(max_outcome_page) + ", not '" + *text + "'"));
    limit = *n;
  }
  ex->plane().job(ex->account(), ex->ctx().path_param("id"), offset, limit,
                  [ex](engine::Result<engine::JobPage> r) {
                    if (!r) return ex->fail(r.error());
                    ex->document(200, render(ex, r.value().summary, &r.value(), true));
                  });
}

void cancel_job(const ExchangePtr& ex) {
  ex->plane().cancel_job(ex->account(), ex->ctx().path_param("id"),
                         [ex](engine::Result<engine::Unit> r) {
                           if (!r) return ex->fail(r.error());
                           ex->no_content();
                         });
}

}  // namespace

void add_routes_jobs(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  table.add(Route{"GET", {"jobs"}, docs, Collection::instances, true, {}, list_jobs});
  table.add(Route{
      "POST", {"jobs"}, docs, Collection::instances, true, {"image_id", "count"}, create_job});
  table.add(Route{"GET", {"jobs", ":id"}, docs, Collection::instances, true, {}, show_job});
  table.add(Route{"DELETE", {"jobs", ":id"}, docs, Collection::instances, true, {}, cancel_job});
}

}  // namespace dc::api
