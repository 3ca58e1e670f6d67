package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// LogLevels are the accepted values of log.level.
var LogLevels = []string{"debug", "info", "warn", "error"}

// Validate checks every key and returns all problems at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}

	checkPort := func(key string, port int) {
		if port < 0 || port > 65535 {
			fail(key, "must be between 0 and 65535 (0 picks a free port), got %d", port)
		}
	}
	checkPort("http.port", c.HTTP.Port)
	checkPort("admin.port", c.Admin.Port)
	if c.HTTP.Port != 0 && c.HTTP.Port == c.Admin.Port {
		fail("admin.port", "must differ from http.port (%d) so metrics and pprof never reach the public port", c.HTTP.Port)
	}

	positive := []struct {
		key   string
		value Duration
	}{
		{"http.read_header_timeout", c.HTTP.ReadHeaderTimeout},
		{"http.read_timeout", c.HTTP.ReadTimeout},
		{"http.write_timeout", c.HTTP.WriteTimeout},
		{"http.idle_timeout", c.HTTP.IdleTimeout},
		{"http.handler_timeout", c.HTTP.HandlerTimeout},
		{"shutdown.timeout", c.Shutdown.Timeout},
	}
	for _, p := range positive {
		if p.value <= 0 {
			fail(p.key, "must be a positive duration, got %s", p.value)
		}
	}
	if c.Shutdown.DrainDelay < 0 {
		fail("shutdown.drain_delay", "must not be negative, got %s", c.Shutdown.DrainDelay)
	}
	if c.HTTP.ReadHeaderTimeout > c.HTTP.ReadTimeout {
		fail("http.read_header_timeout", "must not exceed http.read_timeout (%s), got %s", c.HTTP.ReadTimeout, c.HTTP.ReadHeaderTimeout)
	}
	errs = append(errs, c.validateBudget()...)

	if c.HTTP.MaxHeaderBytes <= 0 {
		fail("http.max_header_bytes", "must be a positive byte size, got %d", c.HTTP.MaxHeaderBytes)
	}
	if c.HTTP.MaxBodyBytes <= 0 {
		fail("http.max_body_bytes", "must be a positive byte size, got %d", c.HTTP.MaxBodyBytes)
	}
	for i, p := range c.HTTP.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				fail(fmt.Sprintf("http.trusted_proxies[%d]", i), "%q is neither an IP address nor a CIDR range", p)
			}
		}
	}

	if !slices.Contains(LogLevels, c.Log.Level) {
		fail("log.level", "must be one of %s, got %q", strings.Join(LogLevels, ", "), c.Log.Level)
	}
	if c.Tracing.Endpoint != "" {
		u, err := url.Parse(c.Tracing.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fail("tracing.endpoint", "must be empty or an http(s) URL such as http://otel-collector:4318, got %q", c.Tracing.Endpoint)
		}
	}
	if c.Tracing.ServiceName == "" {
		fail("tracing.service_name", "must not be empty")
	}
	if c.Tracing.SampleRatio < 0 || c.Tracing.SampleRatio > 1 {
		fail("tracing.sample_ratio", "must be between 0 and 1, got %g", c.Tracing.SampleRatio)
	}
	if c.CORS.Enabled && len(c.CORS.AllowedOrigins) == 0 {
		fail("cors.allowed_origins", "must list at least one origin when cors.enabled is true")
	}
	for i, origin := range c.CORS.AllowedOrigins {
		if origin != "*" && !strings.HasPrefix(origin, "http://") && !strings.HasPrefix(origin, "https://") {
			fail(fmt.Sprintf("cors.allowed_origins[%d]", i), "%q must be * or start with http:// or https://", origin)
		}
	}
	if c.RateLimit.Enabled {
		if c.RateLimit.RequestsPerSecond <= 0 {
			fail("ratelimit.requests_per_second", "must be positive when ratelimit.enabled is true, got %g", c.RateLimit.RequestsPerSecond)
		}
		if c.RateLimit.Burst < 1 {
			fail("ratelimit.burst", "must be at least 1 when ratelimit.enabled is true, got %d", c.RateLimit.Burst)
		}
	}
	return errors.Join(errs...)
}

// validateBudget enforces the timeout budget: the server must be able to
// write the handler's response (write > handler), and a handler must be able
// to give up on a slow dependency and still answer (handler > every client).
// Shutdown must outlast one handler so in-flight requests can finish.
func (c Config) validateBudget() []error {
	var errs []error
	if c.HTTP.WriteTimeout <= c.HTTP.HandlerTimeout {
		errs = append(errs, fmt.Errorf("timeout budget: http.write_timeout (%s) must be greater than http.handler_timeout (%s), otherwise the connection is cut before the handler's answer is written", c.HTTP.WriteTimeout, c.HTTP.HandlerTimeout))
	}
	if len(c.Clients) == 0 {
		errs = append(errs, errors.New("clients: must define at least the default client"))
	}
	names := make([]string, 0, len(c.Clients))
	for name := range c.Clients {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t := c.Clients[name].Timeout
		if t <= 0 {
			errs = append(errs, fmt.Errorf("clients.%s.timeout: must be a positive duration, got %s", name, t))
			continue
		}
		if t >= c.HTTP.HandlerTimeout {
			errs = append(errs, fmt.Errorf("timeout budget: clients.%s.timeout (%s) must be less than http.handler_timeout (%s), otherwise the handler cannot answer after a slow dependency", name, t, c.HTTP.HandlerTimeout))
		}
	}
	if c.Shutdown.Timeout < c.HTTP.HandlerTimeout {
		errs = append(errs, fmt.Errorf("timeout budget: shutdown.timeout (%s) must be at least http.handler_timeout (%s) so in-flight requests can finish", c.Shutdown.Timeout, c.HTTP.HandlerTimeout))
	}
	return errs
}
