package server

import (
	"context"
	"net/url"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// newTracerProvider returns a provider that always creates spans, so every
// log line carries a trace id, and samples new traces at ratio while
// following the caller's decision for propagated ones. Spans are exported
// only once Run attaches an exporter.
func newTracerProvider(serviceName string, ratio float64) *sdktrace.TracerProvider {
	return sdktrace.NewTracerProvider(
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", serviceName))),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))),
	)
}

// newExporter sends spans over OTLP/HTTP to endpoint. Like
// OTEL_EXPORTER_OTLP_ENDPOINT, a bare collector URL such as
// http://otel-collector:4318 gets the standard /v1/traces path; a URL with
// a path is used as given.
func newExporter(ctx context.Context, endpoint string) (sdktrace.SpanExporter, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/traces"
	}
	return otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(u.String()))
}
