package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// unmatchedRoute labels requests no route matched, so scanners probing random
// paths add one series instead of one per path.
const unmatchedRoute = "unmatched"

// metrics holds the RED metrics of the public API in the service's own
// registry, which the admin server exposes together with Go runtime and
// process metrics.
type metrics struct {
	registry *prometheus.Registry
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

// durationBuckets are OpenTelemetry's advised explicit bucket boundaries for
// http.server.request.duration, so dashboards and SLO queries written for
// OpenTelemetry-instrumented services read this histogram unchanged.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_server_request_duration_seconds",
			Help:    "Duration of public HTTP requests by method, route template and status code.",
			Buckets: durationBuckets,
		}, []string{"method", "route", "status_code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_server_active_requests",
			Help: "Public HTTP requests currently being served.",
		}),
	}
	m.registry.MustRegister(
		m.duration,
		m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// middleware records every request. The route label is the template
// (/v1/hello/:name), never the raw path, to keep cardinality bounded.
func (m *metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		m.inFlight.Inc()
		// Deferred so a request that aborts with http.ErrAbortHandler still leaves the gauge.
		defer m.inFlight.Dec()
		c.Next()
		m.duration.WithLabelValues(
			methodLabel(c.Request.Method),
			routeLabel(c),
			strconv.Itoa(c.Writer.Status()),
		).Observe(time.Since(start).Seconds())
	}
}

// routeLabel returns the matched route template or "unmatched".
func routeLabel(c *gin.Context) string {
	if route := c.FullPath(); route != "" {
		return route
	}
	return unmatchedRoute
}

// methodLabel folds non-standard methods into one value; clients choose the
// method, so it must not be able to mint new series.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return method
	default:
		return "OTHER"
	}
}
