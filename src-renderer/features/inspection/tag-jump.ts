/**
 * An asset tag, typed in the tag box or scanned: go to that unit's first open item. A unit of the
 * hospital that this inspection does not cover is named, with where it is, and offered for adding
 * when it is under the same contract; a unit of another contract or an unknown tag is explained.
 */
import type { Translator } from '../../i18n/i18n';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useInspection } from './store';

export async function jumpToTag(tr: Translator, raw: string): Promise<void> {
  const { t, l, locale } = tr;
  const { session, goTo, setNotice, addUnit } = useInspection.getState();
  if (!session) return;
  const wanted = raw.trim().toUpperCase();
  if (wanted === '') return;
  const asset = [...session.assets.values()].find((a) => a.assetTag === wanted);
  if (asset) {
    const first = session.steps.findIndex((s) => s.assetId === asset.id && !session.answers.has(s.key));
    const target = first >= 0 ? first : session.steps.findIndex((s) => s.assetId === asset.id);
    if (target >= 0) {
      await goTo(target);
      setNotice({ kind: 'info', text: t('insp.assetTagFound', { name: l(asset.name), tag: asset.assetTag }) });
      return;
    }
  }
  const other = await repositories().reference.findAssetByTag(session.hospital.id, wanted);
  if (!other) {
    setNotice({ kind: 'error', text: t('insp.assetTagUnknown', { tag: wanted, hospital: l(session.hospital.name) }) });
    return;
  }
  const dept = session.hospital.campuses.find((c) => c.id === other.campusId)?.departments.find((d) => d.id === other.departmentId);
  const where = `${dept ? l(dept.name) : other.departmentId} / ${other.room}`;
  const unit = { name: l(other.name), tag: other.assetTag, where };
  if (other.contractId !== session.contract.id) {
    setNotice({ kind: 'error', text: t('insp.assetTagOtherContract', unit) });
    return;
  }
  if (useInspection.getState().readOnly) {
    setNotice({ kind: 'info', text: t('insp.assetTagNotHere', unit) });
    return;
  }
  setNotice({
    kind: 'info',
    text: t('insp.assetTagNotHere', unit),
    action: {
      label: t('insp.assetTagAdd', { name: unit.name }),
      run: () => {
        addUnit(other).then(
          () => setNotice({ kind: 'info', text: t('insp.assetTagAdded', unit) }),
          (error: unknown) => setNotice({ kind: 'error', text: describeError(locale, error) }),
        );
      },
    },
  });
}
