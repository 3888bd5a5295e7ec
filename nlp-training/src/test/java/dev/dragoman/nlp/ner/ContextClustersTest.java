package dev.dragoman.nlp.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The spherical k-means and the product-quantiser slices behind the encoder codes. */
class ContextClustersTest {

    @Test
    void kMeansSeparatesVectorsThatPointDifferentWays() {
        Random random = new Random(3);
        float[][] data = new float[200][];
        for (int i = 0; i < data.length; i++) {
            float[] v = new float[ContextEncoder.DIM];
            v[i % 2 == 0 ? 0 : 1] = 1; // two directions, with noise
            for (int d = 0; d < v.length; d++) {
                v[d] += (float) (random.nextGaussian() * 0.05);
            }
            data[i] = ContextEncoder.normalised(v);
        }
        float[][] centroids = ContextClusters.kmeans(data, 2, 5, new Random(1));
        int even = ContextClusters.nearest(centroids, data[0]);
        int odd = ContextClusters.nearest(centroids, data[1]);
        assertNotEquals(even, odd);
        for (int i = 0; i < data.length; i++) {
            assertEquals(i % 2 == 0 ? even : odd, ContextClusters.nearest(centroids, data[i]), "vector " + i);
        }
    }

    @Test
    void aSliceIsItsPartOfTheVectorAtUnitLength() {
        float[] v = new float[ContextEncoder.DIM];
        int width = ContextEncoder.DIM / ContextClusters.PARTS;
        v[width] = 3; // first dimension of the second slice
        v[width + 1] = 4;
        float[] slice = ContextClusters.slice(v, 1);
        assertEquals(width, slice.length);
        assertEquals(0.6f, slice[0], 1e-6f);
        assertEquals(0.8f, slice[1], 1e-6f);
        assertEquals(0f, ContextClusters.slice(v, 0)[0], 1e-6f);
    }
}
