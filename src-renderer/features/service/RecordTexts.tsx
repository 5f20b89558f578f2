/**
 * The record's texts (description, cause, workaround, resolution). Each save is a text event; what
 * is typed is kept in the typing journal until that event is stored, so a reload keeps it.
 */
import { useState } from 'react';
import type { ServiceState } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS, type TextField } from '../../../src-shared/service/record';
import type { ServiceRecordRow } from '../../db/rows';
import { typingJournal } from '../../db/typing-journal';
import { useT } from '../../i18n/i18n';
import { LimitedTextArea } from '../../ui/LimitedText';
import { writer } from './steps';
import { Problems, useAppend } from './use-append';

const FIELDS: readonly TextField[] = ['description', 'cause', 'workaround', 'resolution'];
const journalKey = (recordId: string, field: TextField): string => `service:${recordId}:${field}`;

export function RecordTexts({ row, state }: { row: ServiceRecordRow; state: ServiceState }) {
  const { t } = useT();
  return (
    <section className="panel record-texts" data-testid="record-texts">
      <h2>{t('svc.record.texts')}</h2>
      {FIELDS.map((field) => (
        <TextBox key={field} row={row} field={field} stored={state.texts[field]} />
      ))}
    </section>
  );
}

function TextBox({ row, field, stored }: { row: ServiceRecordRow; field: TextField; stored: string }) {
  const { t } = useT();
  const journal = typingJournal();
  const key = journalKey(row.id, field);
  const [text, setText] = useState(() => journal.entries(key).get('') ?? stored);
  const { append, busy, problems } = useAppend(row.id);
  const changed = text !== stored;
  async function save(): Promise<void> {
    const value = text;
    if (await append({ type: 'text', field, value, by: writer(row.record.createdBy) })) journal.settle(key, value);
  }
  return (
    <div className="text-box" data-testid={`text-${field}`}>
      <label>
        {t(`svc.text.${field}`)}
        <LimitedTextArea
          rows={3}
          value={text}
          max={SERVICE_LIMITS.text}
          onChange={(e) => {
            setText(e.target.value);
            journal.put(key, e.target.value);
          }}
          data-testid={`text-${field}-input`}
          counterId={`text-${field}-counter`}
        />
      </label>
      <div className="actions">
        <button type="button" disabled={!changed || busy} onClick={() => void save()} data-testid={`text-${field}-save`}>
          {t('svc.text.save')}
        </button>
        {changed && <span className="muted small">{t('svc.text.unsaved')}</span>}
      </div>
      <Problems problems={problems} />
    </div>
  );
}
