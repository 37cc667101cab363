/* native_fma.c - the FMA throughput a plain C loop reaches on this machine's
 * cores, the yardstick for `convbench peak` (bench/peak.sh builds it with
 * -O3 -march=native -fopenmp).
 *
 * Each thread runs ACC independent rows of VEC floats through x = x * a + b;
 * with -march=native the compiler turns each row into vector FMAs, and ACC
 * rows give the FMA units independent work while one result is in flight.
 * Prints the best GFLOP/s of REPS runs on all threads.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define VEC 16
#define ACC 12
#define REPS 7

static double run(long iters, float a, float b, float *sink)
{
    double t0 = omp_get_wtime();
#pragma omp parallel
    {
        float x[ACC][VEC];
        for (int j = 0; j < ACC; j++)
            for (int v = 0; v < VEC; v++)
                x[j][v] = (float)(omp_get_thread_num() + j + v) * 1e-3f;
        for (long i = 0; i < iters; i++)
            for (int j = 0; j < ACC; j++)
#pragma omp simd
                for (int v = 0; v < VEC; v++)
                    x[j][v] = x[j][v] * a + b;
        float s = 0;
        for (int j = 0; j < ACC; j++)
            for (int v = 0; v < VEC; v++)
                s += x[j][v];
        sink[omp_get_thread_num()] = s;
    }
    return omp_get_wtime() - t0;
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 20000000;
    int threads = omp_get_max_threads();
    float *sink = calloc((size_t)threads, sizeof *sink);
    /* a and b from the command line's count, so nothing folds at compile time. */
    float a = 0.999f + (float)(iters % 2) * 1e-7f, b = 0.001f;
    double best = 1e30;
    for (int r = 0; r < REPS; r++) {
        double t = run(iters, a, b, sink);
        if (t < best)
            best = t;
    }
    double flops = 2.0 * VEC * ACC * (double)iters * threads;
    printf("native_fma: %.1f GFLOP/s float32 on %d threads (best of %d; sink %g)\n",
           flops / best * 1e-9, threads, REPS, (double)sink[0]);
    free(sink);
    return 0;
}
