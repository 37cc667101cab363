/* peak.h - the device's measured FMA throughput (float32, and half where the
 * device has cl_khr_fp16) and memory bandwidth
 * (kernels/peak.cl), cached per device, and the roofline built on them.
 *
 * Every CSV row reports its effective GFLOP/s as a fraction of the measured
 * peak, its arithmetic intensity, and whether the roofline says the case is
 * compute- or memory-bound; all three come from here.
 */
#ifndef CONVBENCH_PEAK_H
#define CONVBENCH_PEAK_H

#include <stdio.h>

#include "clrt.h"
#include "timing.h"

typedef struct peak_info {
    double gflops;       /* float32 FMA throughput, GFLOP/s (an FMA is 2 FLOPs) */
    double gflops_fp16;  /* half FMA throughput, GFLOP/s; 0 on a device without
                          * cl_khr_fp16 */
    double copy_gbs;     /* STREAM copy bandwidth, GB/s counting bytes read and written */
    double read_gbs;     /* read-only bandwidth, GB/s */
    int nacc, vw;        /* accumulator chains per work-item, and their vector width, of
                          * the best FMA run */
    char measured[32];   /* UTC time of the measurement, ISO 8601 */
    double load;         /* the host's 1-minute load average then; NAN if unknown */
    timing_source timer; /* events, or host when the device's events were untrusted */
    char timer_why[320]; /* timer host: what disagreed */
} peak_info;

/* Measures dev's peak on ctx's queue (about a second or two on a CPU).
 * Throughput is the best of several runs over accumulator counts, as a peak is
 * the most the device has shown it can do. Each run is timed by its profiling
 * event when the timer check (timing_judge, with the device's empty-launch
 * time launch_ms) trusts it, else by the host clock (p->timer says which).
 * Returns 0, or -1 when a run fails or no clock can be trusted (reported). */
int peak_measure(clrt_ctx *ctx, double launch_ms, peak_info *p);

/* peak.cl's FMA loop of nacc chains of vw-wide FMAs (half ones when half is
 * 1) over global work-items (writing out), built, run once untimed (a driver may compile then), then
 * grown until one run takes at least target_ms on the host clock. Returns 0
 * with *kernel set (the caller releases it), *flops the FLOPs of one run, and
 * that last run's time by its event and by the host; -1 (reported). Used by
 * the peak and by the device's timer check (devcheck.c). */
int peak_fma_sized(clrt_ctx *ctx, int nacc, int vw, int half, size_t global, cl_mem out,
                   double target_ms, cl_kernel *kernel, double *flops, double *event_ms,
                   double *host_ms);

/* Raises kept to now wherever now is higher (each figure on its own; the FMA
 * figure brings its time, load and timer along). */
void peak_keep_max(peak_info *kept, const peak_info *now);

/* Reads a cached measurement of d from path. Returns 0 with *p filled, 1 when
 * the file is missing, belongs to another device or driver, predates the
 * timer check (no "timer" line) or, for a device with cl_khr_fp16, the half
 * peak (no "gflops_fp16" line), -1 when it is malformed (with the file, line
 * and problem in err). */
int peak_load(const char *path, const clrt_device *d, peak_info *p, char *err, size_t errlen);

/* Writes p for d to path atomically (plain text, key = value). Returns 0 or -1
 * (errno set). */
int peak_store(const char *path, const clrt_device *d, const peak_info *p);

/* The cached peak of ctx's device (its file: clrt_device_file(..., "peak")),
 * measured first when the cache has none. force measures again anyway. A
 * cache is a maximum: a new measurement raises what it beats and leaves the
 * rest (peak_keep_max), so a run on a busy machine never lowers it. Prints
 * what it does to f when measuring. *now (when not NULL) gets this call's own
 * measurement, zeroed when nothing was measured. Returns 0, or -1 (reported). */
int peak_get(clrt_ctx *ctx, double launch_ms, int force, FILE *f, peak_info *p, peak_info *now);

/* FLOPs per byte of compulsory traffic: every input, weight, bias and output
 * element moved once. */
double peak_intensity(double flops, double bytes);

/* The FMA peak that arithmetic in dtype (a prob_dtype: the type sums are
 * accumulated in) runs against: float32's or half's; 0 when unmeasured. */
double peak_fma(const peak_info *p, int dtype);

/* "compute" when the roofline's memory ceiling (intensity x bandwidth) is above
 * the FMA peak of dtype (peak_fma), else "memory"; "" when p, that peak or
 * intensity is unknown. */
const char *peak_bound(const peak_info *p, int dtype, double intensity);

#endif
