package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/time/rate"
)

// RequestIDHeader carries the request ID in both directions.
const RequestIDHeader = "X-Request-ID"

// validRequestID accepts 1 to 128 characters of [A-Za-z0-9._-]: enough for
// UUIDs and most tracing IDs, and nothing that could forge a log field or
// smuggle a header.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

type requestIDKey struct{}

// RequestID returns the request ID stored in ctx, or "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestID keeps a valid inbound X-Request-ID (so IDs from an edge proxy
// join up), replaces anything else with a fresh random one, and always echoes it.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !validRequestID.MatchString(id) {
			id = rand.Text()
		}
		c.Header(RequestIDHeader, id)
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
		c.Next()
	}
}

// accessLog writes one JSON line per request after the handler has run.
// Probes are logged at debug level so they do not drown real traffic;
// server errors are logged at error level.
func accessLog(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		ctx := c.Request.Context()
		c.Next()

		status := c.Writer.Status()
		level := slog.LevelInfo
		switch {
		case isProbe(c):
			// Including the 503s of a drain: they are expected, not errors.
			level = slog.LevelDebug
		case status >= http.StatusInternalServerError:
			level = slog.LevelError
		}
		attrs := append(requestAttrs(ctx),
			slog.String("method", c.Request.Method),
			slog.String("route", routeLabel(c)),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.String("client_ip", c.ClientIP()),
		)
		if len(c.Errors) > 0 {
			attrs = append(attrs, slog.String("errors", c.Errors.String()))
		}
		logger.LogAttrs(ctx, level, "request", attrs...)
	}
}

// requestAttrs returns the correlation fields of a request: its ID and, when
// a span is active, the trace and span IDs.
func requestAttrs(ctx context.Context) []slog.Attr {
	attrs := []slog.Attr{slog.String("request_id", RequestID(ctx))}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return attrs
}

// recovery turns a panic into a logged stack trace and a JSON 500, and the
// process keeps serving. http.ErrAbortHandler is re-panicked: it is how a
// handler asks net/http to abort the response, not a bug.
func recovery(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if err, ok := rec.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(rec)
			}
			ctx := c.Request.Context()
			attrs := append(requestAttrs(ctx),
				slog.String("panic", fmt.Sprint(rec)),
				slog.String("stack", string(debug.Stack())),
			)
			logger.LogAttrs(ctx, slog.LevelError, "panic recovered", attrs...)
			_ = c.Error(fmt.Errorf("panic: %v", rec))
			if c.Writer.Written() {
				// The status line is gone; all that is left is to stop.
				c.Abort()
				return
			}
			abortJSON(c, http.StatusInternalServerError, "internal", "internal server error")
		}()
		c.Next()
	}
}

// securityHeaders sets headers that are safe defaults for a JSON API.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		c.Next()
	}
}

// corsMiddleware allows browsers from the configured origins (cors.*).
func corsMiddleware(origins []string) gin.HandlerFunc {
	return cors.New(cors.Config{
		AllowOrigins:  origins,
		AllowMethods:  []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions},
		AllowHeaders:  []string{"Origin", "Content-Type", "Authorization", RequestIDHeader, "traceparent", "tracestate"},
		ExposeHeaders: []string{RequestIDHeader},
		MaxAge:        10 * time.Minute,
	})
}

// rateLimit is a process-wide token bucket (ratelimit.*). It protects this
// instance from overload; per-client limits belong in the gateway.
func rateLimit(perSecond float64, burst int) gin.HandlerFunc {
	limiter := rate.NewLimiter(rate.Limit(perSecond), burst)
	return func(c *gin.Context) {
		if !limiter.Allow() {
			c.Header("Retry-After", "1")
			abortJSON(c, http.StatusTooManyRequests, "rate_limited", "too many requests, retry later")
			return
		}
		c.Next()
	}
}

// bodyLimit caps request bodies at limit bytes (http.max_body_bytes). A
// declared Content-Length over the limit is refused before the handler runs;
// a body that grows past it fails the handler's read with
// *http.MaxBytesError, and when the handler hands that error to c.Error
// without writing a response, the client gets the same 413.
func bodyLimit(limit int64) gin.HandlerFunc {
	message := "request body exceeds " + strconv.FormatInt(limit, 10) + " bytes"
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			abortJSON(c, http.StatusRequestEntityTooLarge, "body_too_large", message)
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
		if c.Writer.Written() {
			return
		}
		for _, e := range c.Errors {
			if tooLarge := (*http.MaxBytesError)(nil); errors.As(e.Err, &tooLarge) {
				abortJSON(c, http.StatusRequestEntityTooLarge, "body_too_large", message)
				return
			}
		}
	}
}
