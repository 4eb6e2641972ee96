"""Reference values for the metric tests, computed with Debian's python3-sklearn (1.2) and numpy.

    /usr/bin/python3 src/test/python/sklearn_reference.py

The printed numbers are hard-coded in MultiLabelScoresTest, AveragePrecisionTest and
ConfusionMatrixTest; the arrays below are written out the same way there.
"""
import warnings

import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, f1_score, hamming_loss,
                             jaccard_score)

warnings.simplefilter('ignore')  # zero-division and no-positive warnings: their values are the point
np.set_printoptions(precision=17, floatmode='unique')

# 9 images x 4 classes: class 0 and 1 have tied scores, class 2 has no positive image, class 3 is
# ranked perfectly; image 6 has no label, image 8 has no label and no prediction at 0.5.
Y = np.array([[1, 0, 0, 1], [0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0],
              [0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]])
S = np.array([[0.9, 0.3, 0.1, 0.9], [0.4, 0.8, 0.2, 0.8], [0.4, 0.6, 0.3, 0.1], [0.4, 0.2, 0.1, 0.7],
              [0.7, 0.5, 0.0, 0.2], [0.1, 0.1, 0.4, 0.95], [0.7, 0.5, 0.2, 0.3], [0.2, 0.3, 0.1, 0.6],
              [0.1, 0.1, 0.1, 0.1]])
P = (S >= 0.5).astype(int)

print('average_precision_score per class:', average_precision_score(Y, S, average=None).tolist())
print('average_precision_score macro:', average_precision_score(Y, S, average='macro'))
print('f1 micro:', f1_score(Y, P, average='micro'))
print('f1 macro:', f1_score(Y, P, average='macro'))
print('f1 samples:', f1_score(Y, P, average='samples'))
print('f1 per class:', f1_score(Y, P, average=None).tolist())
print('hamming_loss:', hamming_loss(Y, P))
print('subset accuracy (accuracy_score):', accuracy_score(Y, P))
print('jaccard per class:', jaccard_score(Y, P, average=None).tolist())
print('perfect predictions f1 macro / hamming:', f1_score(Y, Y, average='macro'), hamming_loss(Y, Y))

# difficult images are dropped before ranking (VOC devkit): class 0 without images 1 and 4
keep = [0, 2, 3, 5, 6, 7, 8]
print('class 0 AP without images 1 and 4:', average_precision_score(Y[keep, 0], S[keep, 0]))

# segmentation pixels: truth with void 255, prediction 0..3; IoU per class over non-void pixels
t = np.array([0, 0, 1, 1, 1, 2, 255, 255, 0, 3, 3, 1])
p = np.array([0, 1, 1, 1, 0, 2, 2, 0, 0, 3, 1, 1])
v = t != 255
print('segmentation jaccard per class (labels 0..3):', jaccard_score(t[v], p[v], labels=[0, 1, 2, 3], average=None).tolist())
print('segmentation accuracy:', accuracy_score(t[v], p[v]))
