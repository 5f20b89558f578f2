import type { Hospital } from '../../../src-shared/catalog/reference';
import { useT } from '../../i18n/i18n';
import { departmentName } from './location';

/**
 * Whom to call at the hospital, from the catalog or the office's reference data. Numbers are plain
 * selectable text: on a desktop they are read out or copied, not tapped.
 */
export function ContactsPanel({ hospital }: { hospital: Hospital }) {
  const tr = useT();
  const { t, l } = tr;
  const contacts = hospital.contacts ?? [];
  return (
    <section className="panel contacts" data-testid="contacts">
      <h2>{t('contacts.title')}</h2>
      {contacts.length === 0 ? (
        <p className="muted">{t('contacts.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('contacts.role')}</th>
              <th>{t('contacts.name')}</th>
              <th>{t('contacts.titleColumn')}</th>
              <th>{t('contacts.department')}</th>
              <th>{t('contacts.phones')}</th>
              <th>{t('contacts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c, i) => (
              <tr key={i} data-testid="contact" data-role={c.role}>
                <td>{t(`contacts.role.${c.role}`)}</td>
                <td>{c.name ?? '—'}</td>
                <td>{c.title ? l(c.title) : ''}</td>
                <td>{c.departmentId ? departmentName(tr, hospital, c.departmentId, c.campusId) : ''}</td>
                <td>
                  {c.phones.map((phone) => (
                    <span key={phone} className="phone" data-testid="phone">
                      {phone}
                    </span>
                  ))}
                </td>
                <td className="muted">{c.note ? l(c.note) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
